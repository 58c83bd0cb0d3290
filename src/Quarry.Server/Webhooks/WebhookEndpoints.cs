using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Quarry.Core;
using Quarry.Data.Stores;
using Quarry.Server.Auth;
using Quarry.Server.Documents;
using Quarry.Server.Http;

namespace Quarry.Server.Webhooks;

public static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhooks(this RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/webhooks").WithTags("Webhooks");
        g.MapPost("/", Create).DocumentsBody<WebhookCreateBody>()
            .WithSummary("Subscribe a URL to events; the answer holds the signing secret, shown this once");
        g.MapGet("/", List).WithSummary("List webhooks");
        g.MapGet("/{id}", Get).WithSummary("Get a webhook (the secret only as a hint)");
        g.MapPatch("/{id}", Update).DocumentsBody<WebhookPatchBody>()
            .WithSummary("Change a webhook's URL, events or secret, or enable or disable it");
        g.MapDelete("/{id}", Delete).WithSummary("Delete a webhook; deliveries still waiting are not sent");
        g.MapWebhookDeliveries();
        return g;
    }

    private static async Task<Results<Created<WebhookDto>, ProblemHttpResult>> Create(
        HttpContext http, WebhookStore webhooks, WebhookTargets targets, CancellationToken ct)
    {
        var (body, problem) = await WebhookBody.ReadAsync(http.Request, ct);
        if (problem is not null) return problem;
        var (request, errors) = WebhookRequest.Parse(body, patch: false);
        if (request is null) return ApiProblem.Validation(errors);
        var (url, refused) = await targets.CheckAsync(request.Url!, ct);
        if (refused is not null) return ApiProblem.Validation("url", refused);

        var record = await webhooks.CreateAsync(ApiKeyAuth.OrganizationOf(http), url!.AbsoluteUri, JsonSerializer.Serialize(request.Events),
            request.Secret ?? WebhookSecrets.Generate(), ct);
        var dto = WebhookDto.From(record, withSecret: true);
        return TypedResults.Created(dto.Links["self"], dto);
    }

    private static async Task<Results<Ok<ListResponse<WebhookDto>>, ProblemHttpResult>> List(HttpContext http, WebhookStore webhooks, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (!RequestParsing.TryPaging(http.Request, errors, out var limit, out var cursor))
            return ApiProblem.Validation(errors);
        var page = await webhooks.ListAsync(ApiKeyAuth.OrganizationOf(http), limit, cursor, ct);
        return TypedResults.Ok(new ListResponse<WebhookDto>(page.Items.Select(w => WebhookDto.From(w)).ToList(),
            new Pagination(page.Total, limit, page.HasMore, page.NextCursor)));
    }

    private static async Task<Results<Ok<WebhookDto>, ProblemHttpResult>> Get(string id, HttpContext http, WebhookStore webhooks, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var webhookId, out var bad)) return bad!;
        var record = await webhooks.GetAsync(ApiKeyAuth.OrganizationOf(http), webhookId, ct);
        return record is null ? ApiProblem.NotFound("webhook") : TypedResults.Ok(WebhookDto.From(record));
    }

    private static async Task<Results<Ok<WebhookDto>, ProblemHttpResult>> Update(
        string id, HttpContext http, WebhookStore webhooks, WebhookTargets targets, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var webhookId, out var bad)) return bad!;
        var (body, problem) = await WebhookBody.ReadAsync(http.Request, ct);
        if (problem is not null) return problem;
        var (request, errors) = WebhookRequest.Parse(body, patch: true);
        if (request is null) return ApiProblem.Validation(errors);
        var org = ApiKeyAuth.OrganizationOf(http);
        if (await webhooks.GetAsync(org, webhookId, ct) is null)
            return ApiProblem.NotFound("webhook");

        string? url = null;
        if (request.Url is not null)
        {
            var (checkedUrl, refused) = await targets.CheckAsync(request.Url, ct);
            if (refused is not null) return ApiProblem.Validation("url", refused);
            url = checkedUrl!.AbsoluteUri;
        }
        var changes = new WebhookChanges(url, request.Events is null ? null : JsonSerializer.Serialize(request.Events), request.Secret, request.Enabled);
        var record = await webhooks.UpdateAsync(org, webhookId, changes, ct);
        return record is null ? ApiProblem.NotFound("webhook") : TypedResults.Ok(WebhookDto.From(record));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, HttpContext http, WebhookStore webhooks, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var webhookId, out var bad)) return bad!;
        return await webhooks.DeleteAsync(ApiKeyAuth.OrganizationOf(http), webhookId, ct) ? TypedResults.NoContent() : ApiProblem.NotFound("webhook");
    }
}
