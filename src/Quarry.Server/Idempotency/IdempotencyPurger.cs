using Quarry.Data.Stores;

namespace Quarry.Server.Idempotency;

/// <summary>Deletes idempotency keys older than their 24 hours, every few minutes. Expired keys are also ignored when met, so this only frees space.</summary>
public sealed class IdempotencyPurger(IdempotencyStore store, ILogger<IdempotencyPurger> log) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        do
        {
            try
            {
                var n = await store.PurgeExpiredAsync(stoppingToken);
                if (n > 0)
                    log.LogInformation("Purged {Count} expired idempotency key(s)", n);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "Could not purge expired idempotency keys; trying again later");
            }
        } while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
