using System.Text.Json.Serialization;
using Quarry.Data;

namespace Quarry.Server.Webhooks;

/// <summary>A webhook as the API shows it: the secret only in the answer that created it, afterwards its last characters.</summary>
public sealed record WebhookDto(
    Guid Id,
    string Url,
    IReadOnlyList<string> Events,
    bool Enabled,
    string? DisabledReason,
    DateTimeOffset? DisabledAt,
    int ConsecutiveFailures,
    string SecretHint,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, string> Links)
{
    public static WebhookDto From(WebhookRecord w, bool withSecret = false)
    {
        var self = $"/v1/webhooks/{w.Id:D}";
        return new WebhookDto(w.Id, w.Url, w.EventList(), w.Enabled, w.DisabledReason, w.DisabledAt, w.ConsecutiveFailures,
            WebhookSecrets.Hint(w.Secret), withSecret ? w.Secret : null, w.CreatedAt, w.UpdatedAt,
            new Dictionary<string, string> { ["self"] = self, ["deliveries"] = self + "/deliveries" });
    }
}

/// <summary>The body of POST /v1/webhooks, for the API reference.</summary>
public sealed record WebhookCreateBody(string Url, IReadOnlyList<string> Events, string? Secret);

/// <summary>The body of PATCH /v1/webhooks/{id}, for the API reference; give at least one member.</summary>
public sealed record WebhookPatchBody(string? Url, IReadOnlyList<string>? Events, string? Secret, bool? Enabled);
