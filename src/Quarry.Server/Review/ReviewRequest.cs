using System.Text.Json;
using System.Text.Json.Nodes;
using Quarry.Core;
using Quarry.Core.Schemas;

namespace Quarry.Server.Review;

public static class ReviewActions
{
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string AllSimilar = "all_similar";
}

/// <summary>What a person asks of one row: corrected values (typed, checked against their fields), approve or reject, a reason.</summary>
public sealed record ReviewChange(IReadOnlyDictionary<string, JsonNode?> Values, string? Action, string? Reason, bool Propagate);

/// <summary>The bodies of <c>PATCH …/results/{row_id}</c> and <c>POST …/results/review</c>, checked field by field.</summary>
public static class ReviewRequest
{
    private static readonly HashSet<string> PatchKnown = ["values", "action", "reason", "propagate"];
    private static readonly HashSet<string> BulkKnown = ["row_ids", "action", "reason"];
    public const int MaxReasonLength = 1000;
    public const int MaxBulkRows = 1000;

    public static (ReviewChange? Change, ValidationErrors Errors) ParsePatch(JsonElement body, IReadOnlyList<FieldDefinition> fields)
    {
        var errors = new ValidationErrors();
        Unknown(body, PatchKnown, errors);
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (body.TryGetProperty("values", out var v) && v.ValueKind != JsonValueKind.Null)
        {
            if (v.ValueKind != JsonValueKind.Object)
                errors.Add("values", "Must be an object of field → value.");
            else
            {
                var byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
                foreach (var p in v.EnumerateObject())
                {
                    if (!byName.TryGetValue(p.Name, out var field))
                        errors.Add($"values.{p.Name}", $"Unknown field. The schema's fields are: {string.Join(", ", fields.Select(f => f.Name))}.");
                    else if (ReviewValues.Check(field, p.Value) is { } problem)
                        errors.Add($"values.{p.Name}", problem);
                    else
                        values[p.Name] = p.Value.ValueKind == JsonValueKind.Null ? null : JsonNode.Parse(p.Value.GetRawText());
                }
            }
        }
        var action = Action(body, errors, required: false);
        var reason = Reason(body, errors);
        var propagate = false;
        if (body.TryGetProperty("propagate", out var pr) && pr.ValueKind != JsonValueKind.Null)
        {
            if (pr.ValueKind != JsonValueKind.String || pr.GetString() != ReviewActions.AllSimilar)
                errors.Add("propagate", $"Must be '{ReviewActions.AllSimilar}' (or absent).");
            else if (values.Count == 0 && errors.IsEmpty)
                errors.Add("propagate", "Propagation spreads a correction: give corrected values with it.");
            else if (action == ReviewActions.Reject)
                errors.Add("propagate", "A rejected row teaches the registry nothing, so there is nothing to propagate.");
            else
                propagate = true;
        }
        if (errors.IsEmpty && values.Count == 0 && action is null)
            errors.Add("body", "Give corrected values, an action (approve or reject), or both.");
        if (reason is not null && action != ReviewActions.Reject && errors.IsEmpty)
            errors.Add("reason", "A reason goes with action 'reject'.");
        return errors.IsEmpty ? (new ReviewChange(values, action, reason, propagate), errors) : (null, errors);
    }

    public static (IReadOnlyList<Guid>? RowIds, ReviewChange? Change, ValidationErrors Errors) ParseBulk(JsonElement body)
    {
        var errors = new ValidationErrors();
        Unknown(body, BulkKnown, errors);
        var ids = new List<Guid>();
        if (!body.TryGetProperty("row_ids", out var r) || r.ValueKind != JsonValueKind.Array)
            errors.Add("row_ids", "Required: an array of row ids.");
        else
        {
            var seen = new HashSet<Guid>();
            var i = 0;
            foreach (var el in r.EnumerateArray())
            {
                if (el.ValueKind != JsonValueKind.String || !Guid.TryParseExact(el.GetString(), "D", out var id))
                    errors.Add($"row_ids[{i}]", "Must be a UUID.");
                else if (!seen.Add(id))
                    errors.Add($"row_ids[{i}]", "Listed more than once.");
                else
                    ids.Add(id);
                i++;
            }
            if (i == 0) errors.Add("row_ids", "Give at least one row id.");
            if (i > MaxBulkRows) errors.Add("row_ids", $"At most {MaxBulkRows} rows per request; this one lists {i}.");
        }
        var action = Action(body, errors, required: true);
        var reason = Reason(body, errors);
        if (reason is not null && action != ReviewActions.Reject && errors.IsEmpty)
            errors.Add("reason", "A reason goes with action 'reject'.");
        return errors.IsEmpty
            ? (ids, new ReviewChange(new Dictionary<string, JsonNode?>(), action, reason, false), errors)
            : (null, null, errors);
    }

    private static void Unknown(JsonElement body, HashSet<string> known, ValidationErrors errors)
    {
        foreach (var p in body.EnumerateObject().Where(p => !known.Contains(p.Name)))
            errors.Add(p.Name, $"Unknown property '{p.Name}'. Expected: {string.Join(", ", known)}.");
    }

    private static string? Action(JsonElement body, ValidationErrors errors, bool required)
    {
        if (!body.TryGetProperty("action", out var a) || a.ValueKind == JsonValueKind.Null)
        {
            if (required) errors.Add("action", "Required: approve or reject.");
            return null;
        }
        if (a.ValueKind == JsonValueKind.String && a.GetString() is ReviewActions.Approve or ReviewActions.Reject)
            return a.GetString();
        errors.Add("action", "Must be approve or reject.");
        return null;
    }

    private static string? Reason(JsonElement body, ValidationErrors errors)
    {
        if (!body.TryGetProperty("reason", out var r) || r.ValueKind == JsonValueKind.Null)
            return null;
        if (r.ValueKind != JsonValueKind.String)
        {
            errors.Add("reason", "Must be a string.");
            return null;
        }
        var text = r.GetString()!.Trim();
        if (text.Length > MaxReasonLength)
            errors.Add("reason", $"At most {MaxReasonLength} characters.");
        return text.Length == 0 ? null : text;
    }
}
