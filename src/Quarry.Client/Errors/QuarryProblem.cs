using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Quarry.Client;

/// <summary>An error answer, read from problem+json — or, from something in between (a proxy's HTML page), as well as it can be.</summary>
public sealed record QuarryProblem(
    int Status,
    string? Type,
    string? Title,
    string? Detail,
    string? Code,
    string? RequestId,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Errors,
    TimeSpan? RetryAfter)
{
    private const int MaxBodyChars = 300;

    /// <summary>
    /// One line for people: status, code, what went wrong (and the first field error), then <paramref name="advice"/>
    /// when given, then the request id to quote. No line breaks, whatever the body held.
    /// </summary>
    public string Summary(string? advice = null)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Status} {Code ?? "error"}: ");
        text.Append(Detail ?? Title ?? "The server answered with an error.");
        var firstError = Errors.FirstOrDefault();
        if (firstError.Key is not null && Detail?.Contains(firstError.Key, StringComparison.Ordinal) != true)
            text.Append(CultureInfo.InvariantCulture, $" ({firstError.Key}: {firstError.Value.FirstOrDefault()})");
        if (advice is not null)
            text.Append(' ').Append(advice);
        if (RequestId is not null)
            text.Append(CultureInfo.InvariantCulture, $" [request {RequestId}]");
        return OneLine(text.ToString());
    }

    internal static async Task<QuarryProblem> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var retryAfter = RetryAfterOf(response.Headers, TimeProvider.System.GetUtcNow());
        var requestId = response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.FirstOrDefault() : null;
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(ct);
        }
        catch (HttpRequestException)
        {
            body = "";
        }
        var media = response.Content.Headers.ContentType?.MediaType;
        if (media is "application/problem+json" or "application/json" && TryParse(body, out var doc))
        {
            using (doc)
            {
                var root = doc.RootElement;
                return new QuarryProblem(
                    Int(root, "status") ?? status,
                    Text(root, "type"), Text(root, "title"), Text(root, "detail"), Text(root, "code"),
                    Text(root, "request_id") ?? requestId, ErrorsOf(root), retryAfter);
            }
        }
        // Not the API's own answer: keep the start of the body as the detail, so the cause is visible.
        var detail = body.Length == 0 ? null : OneLine(body.Length > MaxBodyChars ? body[..MaxBodyChars] + "…" : body);
        return new QuarryProblem(status, null, response.ReasonPhrase, detail, null, requestId,
            new Dictionary<string, IReadOnlyList<string>>(), retryAfter);
    }

    /// <summary>Retry-After as delta-seconds or as an HTTP date.</summary>
    internal static TimeSpan? RetryAfterOf(HttpResponseHeaders headers, DateTimeOffset now) => headers.RetryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    private static bool TryParse(string body, out JsonDocument doc)
    {
        try
        {
            doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object) return true;
            doc.Dispose();
        }
        catch (JsonException)
        {
            // Fall through: not JSON after all.
        }
        doc = null!;
        return false;
    }

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static Dictionary<string, IReadOnlyList<string>> ErrorsOf(JsonElement root)
    {
        var errors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (!root.TryGetProperty("errors", out var e) || e.ValueKind != JsonValueKind.Object) return errors;
        foreach (var p in e.EnumerateObject())
        {
            errors[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.Array => p.Value.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString()! : m.GetRawText()).ToList(),
                JsonValueKind.String => [p.Value.GetString()!],
                _ => [p.Value.GetRawText()],
            };
        }
        return errors;
    }

    private static string OneLine(string s) =>
        string.Join(' ', s.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
