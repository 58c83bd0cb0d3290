namespace Quarry.Server.Pipeline;

/// <summary>
/// Renews a claim (a row's or a document's lease) every third of the lease while its work runs, so a long
/// phase or parse keeps it however short the lease is. When a renewal finds the claim gone — this process stalled
/// past its lease and another took the work over — <see cref="Token"/> is cancelled so the work stops early; its
/// writes would be refused anyway, since every write checks the lease owner. A renewal that fails (the database is
/// briefly unreachable) is retried at the next beat.
/// </summary>
public sealed class LeaseHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _done = new();
    private readonly CancellationTokenSource _work;
    private readonly Task _loop;

    private LeaseHeartbeat(Func<CancellationToken, Task<bool>> renew, TimeSpan every, CancellationToken stopping, ILogger log, string what)
    {
        _work = CancellationTokenSource.CreateLinkedTokenSource(stopping, _lost.Token);
        _loop = Task.Run(() => BeatAsync(renew, every, stopping, log, what), CancellationToken.None);
    }

    /// <summary>Starts renewing; <paramref name="renew"/> answers false when the claim is no longer this process's.</summary>
    public static LeaseHeartbeat Start(Func<CancellationToken, Task<bool>> renew, TimeSpan every, CancellationToken stopping, ILogger log, string what) =>
        new(renew, every, stopping, log, what);

    /// <summary>For the work under the claim: cancelled when the process stops or the claim is lost.</summary>
    public CancellationToken Token => _work.Token;

    /// <summary>True once a renewal found that another process holds the claim.</summary>
    public bool Lost => _lost.IsCancellationRequested;

    private async Task BeatAsync(Func<CancellationToken, Task<bool>> renew, TimeSpan every, CancellationToken stopping, ILogger log, string what)
    {
        using var end = CancellationTokenSource.CreateLinkedTokenSource(stopping, _done.Token);
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(end.Token))
            {
                try
                {
                    if (await renew(end.Token))
                        continue;
                    log.LogWarning("Lost the lease on {What}: another worker has taken it over; stopping work on it", what);
                    await _lost.CancelAsync();
                    return;
                }
                catch (Exception e) when (!end.IsCancellationRequested)
                {
                    log.LogWarning(e, "Could not renew the lease on {What}; trying again at the next beat", what);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The work ended or the process is stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _done.CancelAsync();
        await _loop;
        _work.Dispose();
        _lost.Dispose();
        _done.Dispose();
    }
}
