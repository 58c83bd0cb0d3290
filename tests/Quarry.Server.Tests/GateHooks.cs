using Quarry.Server.Pipeline;

namespace Quarry.Server.Tests;

/// <summary>Holds every row before <see cref="Phase"/> until <see cref="Open"/> is called; <see cref="Reached"/> fires when the first row arrives.</summary>
public sealed class GateHooks(string phase) : IPipelineHooks
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrivals;

    public string Phase { get; } = phase;
    public Task Reached => _reached.Task;
    public int Arrivals => Volatile.Read(ref _arrivals);

    public void Open() => _gate.TrySetResult();

    public async Task BeforePhaseAsync(Guid jobId, Guid documentId, string phase, CancellationToken ct)
    {
        if (phase != Phase) return;
        Interlocked.Increment(ref _arrivals);
        _reached.TrySetResult();
        await _gate.Task.WaitAsync(ct);
    }
}
