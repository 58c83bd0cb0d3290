using System.Text.Json;
using Quarry.Core.Extraction;
using Quarry.Data;
using Quarry.Data.Stores;
using Quarry.Server.Http;
using Quarry.Server.Jobs;

namespace Quarry.Server.Webhooks;

/// <summary>
/// Turns state changes into deliveries in the outbox, one per subscribed webhook, right after the change is written
/// by the code that wrote it. An event is named by its subject (e.g. <c>job.completed/&lt;job id&gt;</c>), so one
/// published twice (two workers racing to finish a job) is delivered once. Publishing never fails the caller: an
/// error is logged and the event is lost, as it is when the process dies between the change and the publish.
/// </summary>
public sealed class WebhookEvents(
    WebhookStore webhooks, WebhookDeliveryStore deliveries, JobStore jobs, WebhookSignal signal, TimeProvider time, ILogger<WebhookEvents> log)
{
    /// <summary>After a worker processed a row: the row's events if it finished, and the job's if it ended with it.</summary>
    public async Task RowProcessedAsync(JobRecord job, Guid rowId, string? jobEndedAs, CancellationToken ct)
    {
        try
        {
            var subscribers = await webhooks.SubscribersAsync(job.OrganizationId, ct);
            if (subscribers.Count == 0)
                return;
            if (await webhooks.RowAsync(rowId, ct) is { NextPhase: >= 4 } row)
            {
                var data = RowData(row);
                foreach (var name in RowEvents(row.Status))
                    await EnqueueAsync(subscribers, job.OrganizationId, name, $"{name}/{row.Id:D}", data, ct);
            }
            if (jobEndedAs is not null && await jobs.GetByIdAsync(job.Id, ct) is { } ended)
                await JobEndedCoreAsync(subscribers, ended, ct);
        }
        catch (Exception e)
        {
            log.LogError(e, "Could not queue webhook events for row {RowId} of job {JobId}", rowId, job.Id);
        }
    }

    /// <summary>After a job ended (completed, failed or cancelled).</summary>
    public async Task JobEndedAsync(JobRecord job, CancellationToken ct)
    {
        try
        {
            var subscribers = await webhooks.SubscribersAsync(job.OrganizationId, ct);
            if (subscribers.Count > 0)
                await JobEndedCoreAsync(subscribers, job, ct);
        }
        catch (Exception e)
        {
            log.LogError(e, "Could not queue webhook events for job {JobId}", job.Id);
        }
    }

    /// <summary>
    /// Queues <paramref name="eventName"/> for every enabled webhook of the organization that subscribed to it.
    /// <paramref name="eventKey"/> must name this occurrence (a later, distinct occurrence needs a distinct key).
    /// </summary>
    public async Task PublishAsync(Guid organizationId, string eventName, string eventKey, object data, CancellationToken ct) =>
        await EnqueueAsync(await webhooks.SubscribersAsync(organizationId, ct), organizationId, eventName, eventKey, data, ct);

    /// <summary>
    /// A finished row is a finished document of the job; it is approved or needs review. A person's approval, once
    /// the review API exists, publishes row.approved with a key of its own.
    /// </summary>
    private static string[] RowEvents(string status) => status switch
    {
        RowStatuses.Failed => [WebhookEventNames.DocumentFailed],
        RowStatuses.Approved => [WebhookEventNames.DocumentCompleted, WebhookEventNames.RowApproved],
        RowStatuses.Review => [WebhookEventNames.DocumentCompleted, WebhookEventNames.RowReviewRequired],
        _ => [WebhookEventNames.DocumentCompleted],
    };

    private async Task JobEndedCoreAsync(IReadOnlyList<WebhookRecord> subscribers, JobRecord job, CancellationToken ct)
    {
        if (WebhookEventNames.ForJobStatus(job.Status) is not { } name || !subscribers.Any(w => w.EventList().Contains(name)))
            return;
        var dto = JobDto.From(job, await jobs.ProgressAsync(job.Id, ct), time.GetUtcNow());
        await EnqueueAsync(subscribers, job.OrganizationId, name, $"{name}/{job.Id:D}", new JobEventData(dto), ct);
    }

    private async Task EnqueueAsync(IReadOnlyList<WebhookRecord> subscribers, Guid organizationId, string eventName, string eventKey, object data,
        CancellationToken ct)
    {
        var targets = subscribers.Where(w => w.EventList().Contains(eventName)).ToList();
        if (targets.Count == 0)
            return;
        var now = Clock.Now(time);
        var node = JsonSerializer.SerializeToNode(data, data.GetType(), ApiJson.Options)!;
        var batch = targets.Select(w =>
        {
            var id = Guid.NewGuid();
            var payload = JsonSerializer.Serialize(new WebhookPayload(id, eventName, now, node), ApiJson.Options);
            return new NewWebhookDelivery(id, w.Id, organizationId, eventName, eventKey, payload);
        }).ToList();
        await deliveries.EnqueueAsync(batch, now, ct);
        signal.Queued();
    }

    private static RowEventData RowData(RowRecord row)
    {
        var flags = JsonSerializer.Deserialize<string[]>(row.Flags) ?? [];
        var job = $"/v1/jobs/{row.JobId:D}";
        return new RowEventData(row.JobId, new RowSummary(row.Id, row.DocumentId, row.Filename, row.Status, row.Confidence, flags),
            new Dictionary<string, string> { ["job"] = job, ["results"] = job + "/results", ["document"] = $"/v1/documents/{row.DocumentId:D}" });
    }
}
