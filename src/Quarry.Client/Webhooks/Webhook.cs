using System.Text.Json.Nodes;

namespace Quarry.Client;

/// <summary>
/// A subscription of a URL to events. <see cref="Secret"/> is set only in the answer that created it (keep it: it signs
/// every delivery); later answers show <see cref="SecretHint"/>.
/// </summary>
public sealed record Webhook(
    Guid Id,
    string Url,
    IReadOnlyList<string> Events,
    bool Enabled,
    string? DisabledReason,
    DateTimeOffset? DisabledAt,
    int ConsecutiveFailures,
    string SecretHint,
    string? Secret,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, string> Links);

/// <summary>The body of <c>POST /v1/webhooks</c>; without a <see cref="Secret"/> the server generates one.</summary>
public sealed record NewWebhook(string Url, IReadOnlyList<string> Events, string? Secret = null);

/// <summary>The body of <c>PATCH /v1/webhooks/{id}</c>: only what is set changes (give at least one).</summary>
public sealed record WebhookChanges(string? Url = null, IReadOnlyList<string>? Events = null, string? Secret = null, bool? Enabled = null);

/// <summary>One event sent to one webhook, with every attempt. <see cref="Payload"/> is the exact body, the same at every attempt.</summary>
public sealed record WebhookDelivery(
    Guid Id,
    Guid WebhookId,
    string Event,
    string Status,
    int AttemptCount,
    IReadOnlyList<WebhookAttempt> Attempts,
    int? LastResponseStatus,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    JsonNode Payload,
    IReadOnlyDictionary<string, string> Links);

public sealed record WebhookAttempt(int Number, DateTimeOffset AttemptedAt, int? ResponseStatus, string? Error, int DurationMs);

/// <summary>Filters of a webhook's delivery history: <c>pending</c>, <c>delivered</c> or <c>failed</c>.</summary>
public sealed record DeliveryListRequest(string? Status = null, int? Limit = null, string? Cursor = null) : PageRequest(Limit, Cursor);

/// <summary>The events a webhook can subscribe to.</summary>
public static class WebhookEvents
{
    public const string DocumentCompleted = "document.completed";
    public const string DocumentFailed = "document.failed";
    public const string JobCompleted = "job.completed";
    public const string JobFailed = "job.failed";
    public const string JobCancelled = "job.cancelled";
    public const string RowReviewRequired = "row.review_required";
    public const string RowApproved = "row.approved";

    public static IReadOnlyList<string> All { get; } =
        [DocumentCompleted, DocumentFailed, JobCompleted, JobFailed, JobCancelled, RowReviewRequired, RowApproved];
}
