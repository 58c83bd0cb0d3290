using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Quarry.Core;
using Quarry.Data;

namespace Quarry.Server.Http;

/// <summary>Reading path ids, paging and bodies by hand, so every bad input gets the API's own 400 with <c>errors</c> (and only after authentication).</summary>
public static class RequestParsing
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 200;

    /// <summary>A path id must be a UUID; anything else is a 400, never a 404.</summary>
    public static bool TryId(string raw, string name, out Guid id, out ProblemHttpResult? problem)
    {
        if (Guid.TryParseExact(raw, "D", out id))
        {
            problem = null;
            return true;
        }
        problem = ApiProblem.Validation(name, $"'{Truncate(raw)}' is not a valid id. Must be a UUID.");
        return false;
    }

    /// <summary>Reads <c>limit</c> and <c>cursor</c>. A cursor this list did not hand out is a 400, not a silent restart.</summary>
    public static bool TryPaging(HttpRequest request, ValidationErrors errors, out int limit, out string? cursor, int? defaultLimit = DefaultLimit, bool ordinalCursor = false)
    {
        limit = defaultLimit ?? 0;
        cursor = request.Query["cursor"].ToString() is { Length: > 0 } c ? c : null;
        if (cursor is not null && !(ordinalCursor ? Cursor.TryDecode(cursor, out int _) : Cursor.TryDecode(cursor, out _, out _)))
            errors.Add("cursor", "Not a cursor of this list. Pass next_cursor from the previous page unchanged.");
        var raw = request.Query["limit"].ToString();
        if (raw.Length > 0)
        {
            if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit)
                errors.Add("limit", $"Must be a whole number from 1 to {MaxLimit}.");
        }
        return errors.IsEmpty;
    }

    public static DateTimeOffset? Timestamp(HttpRequest request, string name, ValidationErrors errors)
    {
        var raw = request.Query[name].ToString();
        if (raw.Length == 0) return null;
        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            return t;
        errors.Add(name, "Must be an ISO 8601 timestamp, e.g. 2024-09-14T10:32:00.000Z.");
        return null;
    }

    public static string? OneOf(HttpRequest request, string name, IReadOnlyCollection<string> allowed, ValidationErrors errors)
    {
        var raw = request.Query[name].ToString();
        if (raw.Length == 0) return null;
        if (allowed.Contains(raw)) return raw;
        errors.Add(name, $"Must be one of: {string.Join(", ", allowed)}.");
        return null;
    }

    /// <summary>Reads a JSON object body. Malformed JSON or a non-object is a precise 400, whatever the Content-Type claimed.</summary>
    public static async Task<(JsonElement Body, ProblemHttpResult? Problem)> ReadJsonObjectAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 64 }, ct);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return (default, ApiProblem.Validation("body", "The body must be a JSON object."));
            return (doc.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            return (default, ApiProblem.Validation("body", $"The body is not valid JSON{where}."));
        }
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
