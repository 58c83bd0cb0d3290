using Microsoft.Extensions.Options;
using Quarry.Data;
using Quarry.Data.Stores;

namespace Quarry.Server.Webhooks;

/// <summary>Deletes finished deliveries older than <c>Webhooks:HistoryDays</c>, so a busy subscription's history does not grow for ever.</summary>
public sealed class WebhookHistoryPurger(WebhookDeliveryStore deliveries, IOptions<WebhookOptions> options, TimeProvider time,
    ILogger<WebhookHistoryPurger> log) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(10);
    private const int Batch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        try
        {
            do
            {
                try
                {
                    var before = Clock.Now(time) - TimeSpan.FromDays(options.Value.HistoryDays);
                    int n, total = 0;
                    do
                    {
                        n = await deliveries.PurgeAsync(before, Batch, stoppingToken);
                        total += n;
                    } while (n == Batch);
                    if (total > 0)
                        log.LogInformation("Deleted {Count} webhook deliveries older than {Days} days", total, options.Value.HistoryDays);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogWarning(e, "Could not delete old webhook deliveries; trying again later");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
