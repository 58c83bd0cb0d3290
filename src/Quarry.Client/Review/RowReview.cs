using System.Text.Json;
using System.Text.Json.Nodes;

namespace Quarry.Client;

/// <summary>
/// The body of <c>PATCH /v1/jobs/{id}/results/{row_id}</c>: corrected <see cref="Values"/> (each the field's typed
/// value as results show it: a JSON number for an amount, <c>"YYYY-MM-DD"</c> for a date; null clears a cell), an
/// <see cref="Action"/> (<see cref="ReviewAction.Approve"/> or <see cref="ReviewAction.Reject"/>), or both; a
/// <see cref="Reason"/> goes with a rejection.
/// </summary>
public sealed record RowReview(IReadOnlyDictionary<string, JsonNode?>? Values = null, string? Action = null, string? Reason = null)
{
    public static RowReview Approve() => new(Action: ReviewAction.Approve);

    public static RowReview Reject(string? reason = null) => new(Action: ReviewAction.Reject, Reason: reason);

    /// <summary>Corrects one field; chain <c>with { Action = ReviewAction.Approve }</c> to approve in the same request.</summary>
    public static RowReview Correct(string field, JsonNode? value) => new(new Dictionary<string, JsonNode?> { [field] = value });
}

/// <summary>The body of <c>POST /v1/jobs/{id}/results/review</c>: one action for many rows (at most 1,000), all or nothing.</summary>
public sealed record BulkReview(IReadOnlyList<Guid> RowIds, string Action, string? Reason = null);

public static class ReviewAction
{
    public const string Approve = "approve";
    public const string Reject = "reject";
}

/// <summary>
/// One line of a row's append-only history: a value a phase or a person set (<see cref="Field"/>, <see cref="PriorValue"/>,
/// <see cref="NewValue"/>), or an approval or rejection of the whole row (<see cref="Field"/> null). <see cref="Phase"/> is
/// <c>human</c> for a person's change; <see cref="ApiKeyId"/> names the key that made it.
/// </summary>
public sealed record RowHistoryEntry(
    Guid Id,
    string? Field,
    string Action,
    string Phase,
    JsonElement? PriorValue,
    JsonElement? NewValue,
    string? Reason,
    Guid? ApiKeyId,
    int RowVersion,
    DateTimeOffset CreatedAt);

/// <summary>The actions a history line records.</summary>
public static class HistoryAction
{
    public const string Extracted = "extracted";
    public const string Corrected = "corrected";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}
