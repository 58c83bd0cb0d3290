using System.Text.Json;

namespace Quarry.Data;

// Webhook rows as the database holds them (see Migrations/0004_webhooks.sql).

public sealed class WebhookRecord
{
    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public string Url { get; init; } = "";
    public string Events { get; init; } = "[]";

    /// <summary>The signing secret. It goes into signatures only: never into an answer after creation, never into a log.</summary>
    public string Secret { get; init; } = "";

    public string? DisabledReason { get; init; }
    public DateTimeOffset? DisabledAt { get; init; }
    public int ConsecutiveFailures { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public bool Enabled => DisabledReason is null;

    public IReadOnlyList<string> EventList() => JsonSerializer.Deserialize<string[]>(Events) ?? [];
}

public static class WebhookDisabledReasons
{
    /// <summary>The receiver answered 410 Gone: it asked for no more deliveries.</summary>
    public const string ReceiverGone = "receiver_gone";

    /// <summary>Too many deliveries in a row failed after all their retries.</summary>
    public const string ConsecutiveFailures = "consecutive_failures";

    public const string DisabledByUser = "disabled_by_user";
}

public sealed class WebhookDeliveryRecord
{
    public Guid Id { get; init; }
    public Guid WebhookId { get; init; }
    public Guid OrganizationId { get; init; }
    public string Event { get; init; } = "";
    public string Payload { get; init; } = "{}";
    public string Status { get; init; } = WebhookDeliveryStatuses.Pending;
    public int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset? LastAttemptAt { get; init; }
    public int? LastResponseStatus { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
}

public static class WebhookDeliveryStatuses
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

public sealed class WebhookAttemptRecord
{
    public Guid DeliveryId { get; init; }
    public int Attempt { get; init; }
    public DateTimeOffset AttemptedAt { get; init; }
    public int? ResponseStatus { get; init; }
    public string? Error { get; init; }
    public int DurationMs { get; init; }
}

/// <summary>A delivery to add to the outbox; <paramref name="EventKey"/> names the occurrence, so a repeat is dropped.</summary>
public sealed record NewWebhookDelivery(Guid Id, Guid WebhookId, Guid OrganizationId, string Event, string EventKey, string Payload);

/// <summary>A delivery taken by a dispatcher under a lease, with what it needs to send it.</summary>
public sealed class WebhookDeliveryClaim
{
    public Guid Id { get; init; }
    public Guid WebhookId { get; init; }
    public string Event { get; init; } = "";
    public string Payload { get; init; } = "";
    public int Attempts { get; init; }
    public int RoundAttempts { get; init; }
    public string Url { get; init; } = "";
    public string Secret { get; init; } = "";
}

public enum AttemptResult
{
    /// <summary>2xx.</summary>
    Delivered,

    /// <summary>Failed; tried again at <see cref="AttemptOutcome.NextAttemptAt"/>.</summary>
    Retry,

    /// <summary>Failed, and the retry schedule is used up: the delivery has failed.</summary>
    Exhausted,

    /// <summary>410 Gone: the delivery has failed and the subscription is disabled at once.</summary>
    Gone,

    /// <summary>This process stopped during the attempt; another try follows at once.</summary>
    Interrupted,
}

/// <summary>What one attempt came to, as the dispatcher decided it.</summary>
public sealed record AttemptOutcome(AttemptResult Result, int? ResponseStatus, string? Error, int DurationMs, DateTimeOffset? NextAttemptAt);
