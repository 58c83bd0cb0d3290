using System.Text.Json;
using Quarry.Core;

namespace Quarry.Server.Jobs;

/// <summary>
/// The body of <c>POST /v1/jobs</c>, checked field by field. <see cref="MaxAgentCalls"/> and <see cref="MaxTokens"/> are
/// phase 2's budget for the job, <see cref="ReviewThreshold"/> the row confidence at which a row is approved without a
/// person (null: the server's defaults).
/// </summary>
public sealed record JobRequest(Guid SchemaId, IReadOnlyList<Guid>? DocumentIds, string? Name, int? MaxAgentCalls = null, long? MaxTokens = null,
    double? ReviewThreshold = null)
{
    private static readonly HashSet<string> Known = ["schema_id", "document_ids", "name", "max_agent_calls", "max_tokens", "review_threshold"];

    public static (JobRequest? Request, ValidationErrors Errors) Parse(JsonElement body, int maxDocuments)
    {
        var errors = new ValidationErrors();
        foreach (var p in body.EnumerateObject().Where(p => !Known.Contains(p.Name)))
            errors.Add(p.Name, $"Unknown property '{p.Name}'. Expected: schema_id, document_ids, name, max_agent_calls, max_tokens, review_threshold.");

        var schemaId = Guid.Empty;
        if (!body.TryGetProperty("schema_id", out var s) || s.ValueKind == JsonValueKind.Null)
            errors.Add("schema_id", "Required: the id of the schema to extract.");
        else if (s.ValueKind != JsonValueKind.String || !Guid.TryParseExact(s.GetString(), "D", out schemaId))
            errors.Add("schema_id", "Must be a UUID.");

        List<Guid>? ids = null;
        if (body.TryGetProperty("document_ids", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            if (d.ValueKind != JsonValueKind.Array)
                errors.Add("document_ids", "Must be an array of document ids.");
            else
            {
                ids = [];
                var seen = new HashSet<Guid>();
                var i = 0;
                foreach (var el in d.EnumerateArray())
                {
                    if (el.ValueKind == JsonValueKind.String && Guid.TryParseExact(el.GetString(), "D", out var id))
                    {
                        if (!seen.Add(id)) errors.Add($"document_ids[{i}]", "Listed more than once.");
                        else ids.Add(id);
                    }
                    else
                        errors.Add($"document_ids[{i}]", "Must be a UUID.");
                    i++;
                }
                if (i == 0) errors.Add("document_ids", "Give at least one document, or leave document_ids out to take every document not yet extracted with this schema.");
                if (i > maxDocuments) errors.Add("document_ids", $"A job takes at most {maxDocuments} documents; this request lists {i}. Split them over several jobs.");
            }
        }

        string? name = null;
        if (body.TryGetProperty("name", out var n) && n.ValueKind != JsonValueKind.Null)
        {
            if (n.ValueKind != JsonValueKind.String) errors.Add("name", "Must be a string.");
            else if ((name = n.GetString()!.Trim()).Length > 200) errors.Add("name", "At most 200 characters.");
        }
        var maxCalls = Count(body, "max_agent_calls", int.MaxValue, errors);
        var maxTokens = Count(body, "max_tokens", long.MaxValue, errors);
        var threshold = Threshold(body, errors);
        return errors.IsEmpty
            ? (new JobRequest(schemaId, ids, string.IsNullOrEmpty(name) ? null : name, (int?)maxCalls, maxTokens, threshold), errors)
            : (null, errors);
    }

    /// <summary>
    /// An optional review threshold above 0 and at most 1. 1 approves no row without a person (a row confidence is 1 only
    /// when every value was set by one); 0 is refused because it would approve rows whose values are certainly wrong.
    /// </summary>
    private static double? Threshold(JsonElement body, ValidationErrors errors)
    {
        if (!body.TryGetProperty("review_threshold", out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var t) && t > 0 && t <= 1)
            return t;
        errors.Add("review_threshold", "Must be a number above 0 and at most 1 (the row confidence from which a row is approved without review).");
        return null;
    }

    /// <summary>An optional whole number from 0 to <paramref name="max"/>; 0 allows no model call at all.</summary>
    private static long? Count(JsonElement body, string property, long max, ValidationErrors errors)
    {
        if (!body.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0 && n <= max)
            return n;
        errors.Add(property, $"Must be a whole number from 0 to {max}.");
        return null;
    }
}
