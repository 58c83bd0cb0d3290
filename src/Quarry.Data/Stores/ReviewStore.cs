using Dapper;

namespace Quarry.Data.Stores;

/// <summary>What a review changes in one row: its new state, the cells a person set, and the history lines (numbered within the write).</summary>
public sealed record ReviewWrite(
    Guid RowId, Guid JobId, int ExpectedVersion, string Status, double? Confidence, string FlagsJson, string? Reason,
    IReadOnlyList<CellRecord> Cells, IReadOnlyList<HistoryRecord> History);

/// <summary>
/// Rows as a person reviews them. A review reads a row and its version, decides, and writes only if the version is
/// unchanged (optimistic concurrency): a concurrent review or phase write makes it read again, so no write is lost and
/// each one's history line names the value it really replaced.
/// </summary>
public sealed class ReviewStore(QuarryDatabase db, TimeProvider time)
{
    // A review also needs the row's version (optimistic concurrency) and why it was rejected.
    private const string RowColumns = RowStore.RowColumns + ", r.version, r.review_reason";

    public async Task<RowRecord?> RowAsync(Guid jobId, Guid rowId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<RowRecord>(new CommandDefinition(
            $"SELECT {RowColumns} FROM job_rows r JOIN documents d ON d.id = r.document_id WHERE r.id = @rowId AND r.job_id = @jobId",
            new { jobId, rowId }, cancellationToken: ct));
    }

    /// <summary>Which of <paramref name="rowIds"/> are rows of the job.</summary>
    public async Task<HashSet<Guid>> RowsOfJobAsync(Guid jobId, IReadOnlyCollection<Guid> rowIds, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var found = new HashSet<Guid>();
        foreach (var chunk in rowIds.Chunk(500))
        {
            found.UnionWith(await conn.QueryAsync<Guid>(new CommandDefinition(
                $"SELECT id FROM job_rows WHERE job_id = @jobId AND {db.Dialect.InList("id", "chunk")}",
                new { jobId, chunk = db.Dialect.IdList(chunk) }, cancellationToken: ct)));
        }
        return found;
    }

    /// <summary>Writes the review if the row is still at <see cref="ReviewWrite.ExpectedVersion"/>; the new version, or null when it moved on.</summary>
    public async Task<int?> WriteAsync(ReviewWrite write, CancellationToken ct)
    {
        var now = Clock.Now(time);
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var version = await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            """
            UPDATE job_rows SET status = @Status, confidence = @Confidence, flags = @flags, review_reason = @Reason,
                   version = version + 1, updated_at = @now
            WHERE id = @RowId AND version = @ExpectedVersion
            RETURNING version
            """,
            new { write.Status, write.Confidence, flags = new JsonText(write.FlagsJson), write.Reason, now, write.RowId, write.ExpectedVersion },
            tx, cancellationToken: ct));
        if (version is null)
            return null;
        await CellUpsert.WriteAsync(conn, write.JobId, write.RowId, write.Cells, now, tx, ct);
        var lines = write.History.Select(h => CellHistory.Line(h.OrganizationId, h.JobId, h.RowId, version.Value, h.Position, h.Field, h.Action,
            h.Phase, h.PriorValue, h.NewValue, h.Reason, h.ApiKeyId, now)).ToList();
        await CellHistory.AppendAsync(conn, lines, tx, ct);
        await tx.CommitAsync(ct);
        return version;
    }

    /// <summary>A row's history in the order it happened, <paramref name="limit"/> lines after the first <paramref name="skip"/>.</summary>
    public async Task<(IReadOnlyList<HistoryRecord> Lines, long Total)> HistoryAsync(Guid rowId, int skip, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var total = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM cell_history WHERE row_id = @rowId", new { rowId }, cancellationToken: ct));
        var lines = await conn.QueryAsync<HistoryRecord>(new CommandDefinition(
            $"SELECT {CellHistory.Columns} FROM cell_history WHERE row_id = @rowId ORDER BY row_version, position LIMIT @limit OFFSET @skip",
            new { rowId, limit, skip }, cancellationToken: ct));
        return (lines.ToList(), total);
    }

    /// <summary>
    /// The job's other rows a propagated correction may re-run: finished, readable, and never approved or rejected by a
    /// person (a person's decision on a row is not the machine's to revisit; machine-approved rows are re-run).
    /// </summary>
    public async Task<IReadOnlyList<RowRecord>> PropagationCandidatesAsync(Guid jobId, Guid except, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<RowRecord>(new CommandDefinition(
            $"""
            SELECT {RowColumns}, r.layout_keys FROM job_rows r JOIN documents d ON d.id = r.document_id
            WHERE r.job_id = @jobId AND r.id <> @except AND r.next_phase >= 4 AND r.status IN ('approved', 'review')
              AND NOT EXISTS (SELECT 1 FROM cell_history h WHERE h.row_id = r.id AND h.action IN (@approved, @rejected))
            ORDER BY r.ordinal
            """,
            new { jobId, except, approved = CellHistory.Approved, rejected = CellHistory.Rejected }, cancellationToken: ct))).ToList();
    }
}
