namespace Quarry.Server.Pipeline;

/// <summary>
/// Called by the pipeline before each phase of each row. The default does nothing; tests hold a document between
/// phases with it to watch progressive results and interrupted jobs.
/// </summary>
public interface IPipelineHooks
{
    Task BeforePhaseAsync(Guid jobId, Guid documentId, string phase, CancellationToken ct);

    /// <summary>Called before a claimed document is parsed; tests hold the ingest queue with it.</summary>
    Task BeforeParseAsync(Guid documentId, CancellationToken ct) => Task.CompletedTask;
}

public sealed class NoPipelineHooks : IPipelineHooks
{
    public Task BeforePhaseAsync(Guid jobId, Guid documentId, string phase, CancellationToken ct) => Task.CompletedTask;
}
