using Microsoft.Extensions.Options;
using Quarry.Data;
using Quarry.Data.Stores;
using Quarry.Server.Pipeline;
using Quarry.Server.Telemetry;

namespace Quarry.Server.Webhooks;

/// <summary>
/// Sends due deliveries from the outbox, up to <c>Webhooks:Concurrency</c> at once, claiming them under a lease so
/// any number of processes can dispatch without sending one twice at the same time. Each result is recorded before
/// the next claim; a failed record leaves the lease to run out, and the delivery is sent again (at-least-once).
/// </summary>
public sealed class WebhookDispatcher(
    WebhookDeliveryStore deliveries, WebhookSender sender, WebhookSignal signal, WorkerIdentity me, QuarryMetrics metrics,
    IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookDispatcher> log) : BackgroundService
{
    /// <summary>How long past the attempt timeout a claim holds: a sender that died is replaced after this.</summary>
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(30);

    private readonly WebhookOptions _options = options.Value;
    private readonly IReadOnlyList<TimeSpan> _schedule = options.Value.Schedule();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Concurrency == 0)
            return;
        var lease = _options.Timeout + LeaseMargin;
        var poll = TimeSpan.FromMilliseconds(_options.PollMilliseconds);
        var inflight = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                inflight.RemoveAll(t => t.IsCompleted);
                var free = _options.Concurrency - inflight.Count;
                var claimed = 0;
                if (free > 0)
                {
                    try
                    {
                        foreach (var claim in await deliveries.ClaimAsync(me.Name, lease, free, stoppingToken))
                        {
                            inflight.Add(Task.Run(() => DeliverAsync(claim, stoppingToken), CancellationToken.None));
                            claimed++;
                        }
                    }
                    catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                    {
                        log.LogWarning(e, "Could not claim webhook deliveries; retrying");
                    }
                }
                if (claimed > 0 && claimed == free)
                {
                    await Task.WhenAny(inflight);
                    continue;
                }
                if (claimed > 0)
                    continue;
                var wake = signal.WaitAsync(poll, stoppingToken);
                await (inflight.Count > 0 ? Task.WhenAny(wake, Task.WhenAny(inflight)) : (Task)wake);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        await Task.WhenAll(inflight);
    }

    private async Task DeliverAsync(WebhookDeliveryClaim claim, CancellationToken stopping)
    {
        AttemptOutcome outcome;
        try
        {
            var result = await sender.SendAsync(claim, stopping);
            outcome = DeliveryPolicy.Decide(result, claim.RoundAttempts, _schedule, Random.Shared.NextDouble(), Clock.Now(time));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            outcome = new AttemptOutcome(AttemptResult.Interrupted, null, "Interrupted: the sending process stopped during the attempt.", 0, null);
        }
        catch (Exception e)
        {
            // Not the receiver's doing (e.g. a URL the HTTP stack refuses): counted as a failed attempt like any other.
            log.LogWarning(e, "Webhook delivery {DeliveryId} of webhook {WebhookId} could not be sent", claim.Id, claim.WebhookId);
            outcome = DeliveryPolicy.Decide(new SendResult(null, $"The request could not be sent: {e.Message}", TimeSpan.Zero),
                claim.RoundAttempts, _schedule, Random.Shared.NextDouble(), Clock.Now(time));
        }
        metrics.WebhookAttempted(outcome.Result.ToString().ToLowerInvariant());
        try
        {
            var disabled = await deliveries.RecordAttemptAsync(claim, me.Name, outcome, _options.DisableAfterFailures, CancellationToken.None);
            if (outcome.Result == AttemptResult.Exhausted)
                log.LogWarning("Webhook delivery {DeliveryId} of webhook {WebhookId} failed after {Attempts} attempt(s): {Error}",
                    claim.Id, claim.WebhookId, claim.Attempts, outcome.Error);
            if (disabled is not null)
                log.LogWarning("Webhook {WebhookId} was disabled: {Reason}", claim.WebhookId, disabled);
        }
        catch (Exception e)
        {
            log.LogError(e, "Could not record attempt {Attempt} of webhook delivery {DeliveryId}; it is sent again when its lease runs out",
                claim.Attempts, claim.Id);
        }
    }
}
