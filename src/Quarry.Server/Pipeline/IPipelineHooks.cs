namespace Quarry.Server.Pipeline;

/// <summary>
/// Called by the pipeline before each phase of each row. The default does nothing; tests hold a document between
/// phases with it to watch progressive results and interrupted jobs.
/// </summary>
public interface IPipelineHooks
{
    Task BeforePhaseAsync(Guid jobId, Guid documentId, string phase, CancellationToken ct);
}

public sealed class NoPipelineHooks : IPipelineHooks
{
    public Task BeforePhaseAsync(Guid jobId, Guid documentId, string phase, CancellationToken ct) => Task.CompletedTask;
}
