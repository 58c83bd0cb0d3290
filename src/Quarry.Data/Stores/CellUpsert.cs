using System.Data.Common;
using Dapper;

namespace Quarry.Data.Stores;

/// <summary>
/// Writes a row's cells, inserting new ones and replacing what a field held: the one statement the pipeline's phase
/// writes and a review's writes share, inside the caller's transaction (beside the history lines it records).
/// </summary>
public static class CellUpsert
{
    public static Task WriteAsync(DbConnection conn, Guid jobId, Guid rowId, IEnumerable<CellRecord> cells, DateTimeOffset now,
        DbTransaction tx, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO job_cells (row_id, job_id, field, value, raw, confidence, phase, source, issue, evidence, evidence_kind, updated_at)
            VALUES (@rowId, @jobId, @Field, @value, @Raw, @Confidence, @Phase, @source, @Issue, @evidence, @evidenceKind, @now)
            ON CONFLICT (row_id, field) DO UPDATE SET value = excluded.value, raw = excluded.raw, confidence = excluded.confidence,
                phase = excluded.phase, source = excluded.source, issue = excluded.issue, evidence = excluded.evidence,
                evidence_kind = excluded.evidence_kind, updated_at = excluded.updated_at
            """,
            cells.Select(c => new
            {
                rowId, jobId, c.Field, value = JsonText.From(c.Value), c.Raw, c.Confidence, c.Phase,
                source = JsonText.From(c.Source), c.Issue, evidence = JsonText.From(c.Evidence), evidenceKind = CellHistory.EvidenceKind(c.Evidence), now,
            }), tx, cancellationToken: ct));
}
