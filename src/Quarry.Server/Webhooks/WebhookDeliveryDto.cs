using System.Text.Json.Nodes;
using Quarry.Data;

namespace Quarry.Server.Webhooks;

public sealed record WebhookAttemptDto(int Number, DateTimeOffset AttemptedAt, int? ResponseStatus, string? Error, int DurationMs);

/// <summary>One delivery and its attempts. <c>payload</c> is the body sent, the same at every attempt and redelivery.</summary>
public sealed record WebhookDeliveryDto(
    Guid Id,
    Guid WebhookId,
    string Event,
    string Status,
    int AttemptCount,
    IReadOnlyList<WebhookAttemptDto> Attempts,
    int? LastResponseStatus,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    JsonNode Payload,
    IReadOnlyDictionary<string, string> Links)
{
    public static WebhookDeliveryDto From(WebhookDeliveryRecord d, IEnumerable<WebhookAttemptRecord> attempts)
    {
        var webhook = $"/v1/webhooks/{d.WebhookId:D}";
        var self = $"{webhook}/deliveries/{d.Id:D}";
        return new WebhookDeliveryDto(d.Id, d.WebhookId, d.Event, d.Status, d.Attempts,
            attempts.Select(a => new WebhookAttemptDto(a.Attempt, a.AttemptedAt, a.ResponseStatus, a.Error, a.DurationMs)).ToList(),
            d.LastResponseStatus, d.LastError, d.NextAttemptAt, d.LastAttemptAt, d.CreatedAt, d.UpdatedAt, d.CompletedAt,
            JsonNode.Parse(d.Payload)!,
            new Dictionary<string, string> { ["self"] = self, ["webhook"] = webhook, ["redeliver"] = self + "/redeliver" });
    }
}
