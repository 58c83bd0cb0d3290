using Quarry.Server.Pipeline;

namespace Quarry.Server.Tests;

/// <summary>Holds every document before it is parsed until <see cref="Open"/>: the ingest queue stays as full as the test made it.</summary>
public sealed class ParseGate : IPipelineHooks
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _gate.TrySetResult();

    public Task BeforePhaseAsync(Guid jobId, Guid documentId, string phase, CancellationToken ct) => Task.CompletedTask;

    public Task BeforeParseAsync(Guid documentId, CancellationToken ct) => _gate.Task.WaitAsync(ct);
}
