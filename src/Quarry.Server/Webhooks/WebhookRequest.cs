using System.Text.Json;
using Quarry.Core;

namespace Quarry.Server.Webhooks;

/// <summary>
/// The body of <c>POST /v1/webhooks</c> (<c>url</c>, <c>events</c>, optional <c>secret</c>) or of a PATCH (any of
/// those, and <c>enabled</c>), checked field by field. The URL's addresses are checked afterwards, by <see cref="WebhookTargets"/>.
/// </summary>
public sealed record WebhookRequest(string? Url, IReadOnlyList<string>? Events, string? Secret, bool? Enabled)
{
    private static readonly string[] CreateFields = ["url", "events", "secret"];
    private static readonly string[] PatchFields = ["url", "events", "secret", "enabled"];

    public static (WebhookRequest? Request, ValidationErrors Errors) Parse(JsonElement body, bool patch)
    {
        var errors = new ValidationErrors();
        var known = patch ? PatchFields : CreateFields;
        foreach (var p in body.EnumerateObject().Where(p => !known.Contains(p.Name)))
            errors.Add(p.Name, $"Unknown property '{p.Name}'. Expected: {string.Join(", ", known)}.");

        var url = Text(body, "url", errors);
        if (url is null && !patch && !errors.ContainsKey("url"))
            errors.Add("url", "Required: the http or https URL to POST events to.");
        else if (url is not null && WebhookTargets.ShapeProblem(url, out _) is { } shape)
            errors.Add("url", shape);

        var events = ReadEvents(body, errors);
        if (events is null && !patch && !errors.ContainsKey("events"))
            errors.Add("events", $"Required: the events to send, from: {string.Join(", ", WebhookEventNames.All)}.");

        var secret = Text(body, "secret", errors);
        if (secret is not null && WebhookSecrets.Problem(secret) is { } weak)
            errors.Add("secret", weak);

        bool? enabled = null;
        if (patch && body.TryGetProperty("enabled", out var e) && e.ValueKind != JsonValueKind.Null)
        {
            if (e.ValueKind is JsonValueKind.True or JsonValueKind.False) enabled = e.GetBoolean();
            else errors.Add("enabled", "Must be true or false.");
        }

        if (patch && errors.IsEmpty && url is null && events is null && secret is null && enabled is null)
            errors.Add("body", $"Nothing to change. Give at least one of: {string.Join(", ", PatchFields)}.");
        return errors.IsEmpty ? (new WebhookRequest(url, events, secret, enabled), errors) : (null, errors);
    }

    private static string? Text(JsonElement body, string name, ValidationErrors errors)
    {
        if (!body.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        if (v.ValueKind == JsonValueKind.String)
            return v.GetString()!;
        errors.Add(name, "Must be a string.");
        return null;
    }

    /// <summary>The events, in the API's own order (so two subscriptions to the same events look the same).</summary>
    private static List<string>? ReadEvents(JsonElement body, ValidationErrors errors)
    {
        if (!body.TryGetProperty("events", out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        if (v.ValueKind != JsonValueKind.Array)
        {
            errors.Add("events", "Must be an array of event names.");
            return null;
        }
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var el in v.EnumerateArray())
        {
            var path = $"events[{i++}]";
            if (el.ValueKind != JsonValueKind.String)
                errors.Add(path, "Must be a string.");
            else if (!WebhookEventNames.All.Contains(el.GetString()!))
                errors.Add(path, $"Unknown event '{Truncate(el.GetString()!)}'. Expected one of: {string.Join(", ", WebhookEventNames.All)}.");
            else if (!chosen.Add(el.GetString()!))
                errors.Add(path, "Listed more than once.");
        }
        if (i == 0)
            errors.Add("events", $"Give at least one event, from: {string.Join(", ", WebhookEventNames.All)}.");
        return WebhookEventNames.All.Where(chosen.Contains).ToList();
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
