namespace Quarry.Server.Pipeline;

/// <summary>
/// Wakes this process's workers when it queues work, so a job starts at once instead of at the next poll.
/// Work queued by other processes is found by polling.
/// </summary>
public sealed class WorkSignal
{
    private readonly SemaphoreSlim _documents = new(0, 1);
    private readonly SemaphoreSlim _rows = new(0, 1);

    public void DocumentsQueued() => Release(_documents);

    public void RowsQueued() => Release(_rows);

    public Task<bool> WaitForDocumentsAsync(TimeSpan timeout, CancellationToken ct) => _documents.WaitAsync(timeout, ct);

    public Task<bool> WaitForRowsAsync(TimeSpan timeout, CancellationToken ct) => _rows.WaitAsync(timeout, ct);

    private static void Release(SemaphoreSlim s)
    {
        try
        {
            if (s.CurrentCount == 0)
                s.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up is enough.
        }
    }
}
