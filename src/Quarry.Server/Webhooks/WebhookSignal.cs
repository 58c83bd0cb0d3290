namespace Quarry.Server.Webhooks;

/// <summary>Wakes this process's dispatcher when it queues deliveries; those of other processes are found by polling.</summary>
public sealed class WebhookSignal
{
    private readonly SemaphoreSlim _queued = new(0, 1);

    public void Queued()
    {
        try
        {
            if (_queued.CurrentCount == 0)
                _queued.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up is enough.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _queued.WaitAsync(timeout, ct);
}
