using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Quarry.Core;
using Quarry.Data;
using Quarry.Data.Stores;
using Quarry.Server.Auth;
using Quarry.Server.Documents;
using Quarry.Server.Http;

namespace Quarry.Server.Webhooks;

/// <summary>A webhook's delivery history, newest first, and manual redelivery.</summary>
public static class WebhookDeliveryEndpoints
{
    private static readonly string[] Statuses = [WebhookDeliveryStatuses.Pending, WebhookDeliveryStatuses.Delivered, WebhookDeliveryStatuses.Failed];

    public static RouteGroupBuilder MapWebhookDeliveries(this RouteGroupBuilder webhooks)
    {
        webhooks.MapGet("/{id}/deliveries", List).WithSummary("A webhook's deliveries, newest first, with every attempt");
        webhooks.MapGet("/{id}/deliveries/{delivery_id}", Get).WithSummary("One delivery with every attempt");
        webhooks.MapPost("/{id}/deliveries/{delivery_id}/redeliver", Redeliver)
            .WithSummary("Send a delivery again: same delivery id and body, a fresh retry schedule");
        return webhooks;
    }

    private static async Task<Results<Ok<ListResponse<WebhookDeliveryDto>>, ProblemHttpResult>> List(
        string id, HttpContext http, WebhookStore webhooks, WebhookDeliveryStore deliveries, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var webhookId, out var bad)) return bad!;
        var errors = new ValidationErrors();
        RequestParsing.TryPaging(http.Request, errors, out var limit, out var cursor);
        var status = RequestParsing.OneOf(http.Request, "status", Statuses, errors);
        if (!errors.IsEmpty) return ApiProblem.Validation(errors);
        var org = ApiKeyAuth.OrganizationOf(http);
        if (await webhooks.GetAsync(org, webhookId, ct) is null)
            return ApiProblem.NotFound("webhook");
        var page = await deliveries.ListAsync(org, webhookId, status, limit, cursor, ct);
        var attempts = await deliveries.AttemptsAsync(page.Items.Select(d => d.Id).ToList(), ct);
        return TypedResults.Ok(new ListResponse<WebhookDeliveryDto>(page.Items.Select(d => WebhookDeliveryDto.From(d, attempts[d.Id])).ToList(),
            new Pagination(page.Total, limit, page.HasMore, page.NextCursor)));
    }

    private static async Task<Results<Ok<WebhookDeliveryDto>, ProblemHttpResult>> Get(
        string id, [FromRoute(Name = "delivery_id")] string deliveryId, HttpContext http, WebhookStore webhooks, WebhookDeliveryStore deliveries,
        CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var webhookId, out var bad) || !RequestParsing.TryId(deliveryId, "delivery_id", out var did, out bad))
            return bad!;
        var org = ApiKeyAuth.OrganizationOf(http);
        if (await webhooks.GetAsync(org, webhookId, ct) is null)
            return ApiProblem.NotFound("webhook");
        var delivery = await deliveries.GetAsync(org, webhookId, did, ct);
        if (delivery is null)
            return ApiProblem.NotFound("delivery");
        return TypedResults.Ok(WebhookDeliveryDto.From(delivery, (await deliveries.AttemptsAsync([did], ct))[did]));
    }

    private static async Task<Results<Accepted<WebhookDeliveryDto>, ProblemHttpResult>> Redeliver(
        string id, [FromRoute(Name = "delivery_id")] string deliveryId, HttpContext http, WebhookStore webhooks, WebhookDeliveryStore deliveries,
        WebhookSignal signal, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var webhookId, out var bad) || !RequestParsing.TryId(deliveryId, "delivery_id", out var did, out bad))
            return bad!;
        var org = ApiKeyAuth.OrganizationOf(http);
        var webhook = await webhooks.GetAsync(org, webhookId, ct);
        if (webhook is null)
            return ApiProblem.NotFound("webhook");
        if (await deliveries.GetAsync(org, webhookId, did, ct) is null)
            return ApiProblem.NotFound("delivery");
        if (!webhook.Enabled)
            return ApiProblem.Conflict($"The webhook is disabled ({webhook.DisabledReason}). Enable it first with PATCH {{\"enabled\": true}}.");
        var (outcome, delivery) = await deliveries.RedeliverAsync(org, webhookId, did, ct);
        switch (outcome)
        {
            case RedeliverOutcome.NotFound:
                return ApiProblem.NotFound("delivery");
            case RedeliverOutcome.InFlight:
                return ApiProblem.Conflict("An attempt at this delivery is running now. Its result is in the history shortly.");
            default:
                signal.Queued();
                var dto = WebhookDeliveryDto.From(delivery!, (await deliveries.AttemptsAsync([did], ct))[did]);
                return TypedResults.Accepted(dto.Links["self"], dto);
        }
    }
}
