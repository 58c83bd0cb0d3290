using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;

namespace Quarry.Data.Stores;

/// <summary>One line of a row's append-only history, as stored.</summary>
public sealed class HistoryRecord
{
    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public Guid JobId { get; init; }
    public Guid RowId { get; init; }
    public int RowVersion { get; init; }
    public int Position { get; init; }
    public string? Field { get; init; }
    public string Action { get; init; } = "";
    public string Phase { get; init; } = "";
    public string? PriorValue { get; init; }
    public string? NewValue { get; init; }
    public string? Reason { get; init; }
    public Guid? ApiKeyId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// The history table: written in the same transaction as the change it records (by the pipeline and by a review), so
/// a change without its line, or a line without its change, cannot exist. Lines are never updated or deleted.
/// </summary>
public static class CellHistory
{
    /// <summary>A phase set the value.</summary>
    public const string Extracted = "extracted";

    /// <summary>A person set the value.</summary>
    public const string Corrected = "corrected";

    /// <summary>A phase re-ran for a row because a person corrected a row of the same layout (propagate).</summary>
    public const string Propagated = "propagated";

    public const string Approved = "approved";
    public const string Rejected = "rejected";

    public const string Columns =
        "id, organization_id, job_id, row_id, row_version, position, field, action, phase, prior_value, new_value, reason, api_key_id, created_at";

    /// <summary>Two stored JSON values are the same value (PostgreSQL's jsonb reformats what it keeps, so text is not compared).</summary>
    public static bool SameValue(string? a, string? b)
    {
        if (a is null || b is null)
            return a is null && b is null || IsJsonNull(a ?? b);
        return JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b));
    }

    private static bool IsJsonNull(string? json) => json is null || json.Trim() == "null";

    public static HistoryRecord Line(Guid organizationId, Guid jobId, Guid rowId, int rowVersion, int position, string? field, string action,
        string phase, string? prior, string? value, string? reason, Guid? apiKeyId, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(), OrganizationId = organizationId, JobId = jobId, RowId = rowId, RowVersion = rowVersion, Position = position,
        Field = field, Action = action, Phase = phase, PriorValue = prior, NewValue = value, Reason = reason, ApiKeyId = apiKeyId, CreatedAt = now,
    };

    public static async Task AppendAsync(DbConnection conn, IReadOnlyList<HistoryRecord> lines, DbTransaction tx, CancellationToken ct)
    {
        if (lines.Count == 0)
            return;
        await conn.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO cell_history ({Columns})
            VALUES (@Id, @OrganizationId, @JobId, @RowId, @RowVersion, @Position, @Field, @Action, @Phase, @prior, @value, @Reason, @ApiKeyId, @CreatedAt)
            """,
            lines.Select(l => new
            {
                l.Id, l.OrganizationId, l.JobId, l.RowId, l.RowVersion, l.Position, l.Field, l.Action, l.Phase,
                prior = JsonText.From(l.PriorValue), value = JsonText.From(l.NewValue), l.Reason, l.ApiKeyId, l.CreatedAt,
            }), tx, cancellationToken: ct));
    }

    /// <summary>The <c>kind</c> of a cell's stored evidence, kept in a column of its own so counting needs no JSON functions.</summary>
    public static string? EvidenceKind(string? evidenceJson)
    {
        if (evidenceJson is null)
            return null;
        using var doc = JsonDocument.Parse(evidenceJson);
        return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String
            ? k.GetString()
            : null;
    }
}
