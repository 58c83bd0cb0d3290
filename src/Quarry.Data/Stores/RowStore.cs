using Dapper;
using Quarry.Core.Extraction;

namespace Quarry.Data.Stores;

/// <summary>A row taken by a worker under a lease: the unit of pipeline work.</summary>
public sealed class RowClaim
{
    public Guid Id { get; init; }
    public Guid JobId { get; init; }
    public Guid DocumentId { get; init; }
    public int NextPhase { get; init; }
    public int Attempts { get; init; }

    /// <summary>
    /// The lease this claim holds: the claiming process's name and the attempt, so a later claim of the same row — even
    /// by the same process, after its lease ran out — is another owner, and the writes of the earlier one are refused.
    /// </summary>
    public string Owner { get; init; } = "";
}

/// <summary>
/// What a phase leaves behind: written in one transaction, and only while the writer still holds the lease.
/// <paramref name="Runs"/> are the phases this write completes, for the run log (<c>job_row_phase_runs</c>).
/// </summary>
public sealed record RowWrite(int NextPhase, string Status, double? Confidence, string FlagsJson, string PhasesJson, IReadOnlyList<CellRecord> Cells,
    IReadOnlyList<PhaseRun>? Runs = null)
{
    /// <summary>The document's layout fingerprint keys (JSON array), once phase 1 computed them; null leaves the stored ones.</summary>
    public string? LayoutKeysJson { get; init; }
}

/// <summary>One phase of one row that ran to completion (outcome <c>completed</c>, <c>skipped</c> or <c>failed</c>), as the run log keeps it.</summary>
public sealed record PhaseRun(string Phase, string Outcome);

/// <summary>A run log entry: which process completed which phase of a row, at which attempt, and when.</summary>
public sealed class PhaseRunRecord
{
    public Guid RowId { get; init; }
    public Guid JobId { get; init; }
    public string Phase { get; init; } = "";
    public string Outcome { get; init; } = "";
    public string Worker { get; init; } = "";
    public int Attempt { get; init; }
    public DateTimeOffset CompletedAt { get; init; }
}

/// <summary>The row as a write left it: its new version and its organization (for the history lines).</summary>
internal sealed class WrittenRow
{
    public int Version { get; init; }
    public Guid OrganizationId { get; init; }
}

/// <summary>A result row with its cells, as the exports read them.</summary>
public sealed record RowWithCells(RowRecord Row, IReadOnlyList<CellRecord> Cells);

/// <summary>Result rows and their cells: claimed and written by the pipeline, read by the results endpoint.</summary>
public sealed class RowStore(QuarryDatabase db, TimeProvider time)
{
    /// <summary>The columns of a <see cref="RowRecord"/> as row lists read them (from <c>job_rows r</c> joined to <c>documents d</c>).</summary>
    internal const string RowColumns =
        "r.id, r.job_id, r.organization_id, r.document_id, d.filename, r.ordinal, r.status, r.next_phase, r.confidence, r.flags, r.phases, r.attempts, r.updated_at, "
        + "r.agent_calls, r.agent_input_tokens, r.agent_output_tokens";

    /// <summary>
    /// Takes up to <paramref name="max"/> rows whose next phase can run: the job is live, the document is parsed (or
    /// failed to parse), and nobody holds a lease on the row. An expired lease is fair game: its holder died. Each
    /// claim's <see cref="RowClaim.Owner"/> is what writes, renewals and releases of it must name.
    /// </summary>
    public async Task<IReadOnlyList<RowClaim>> ClaimAsync(string owner, TimeSpan lease, int max, CancellationToken ct)
    {
        var now = Clock.Now(time);
        await using var conn = await db.OpenAsync(ct);
        var claims = await conn.QueryAsync<RowClaim>(new CommandDefinition(
            $"""
            UPDATE job_rows SET lease_owner = @owner || '#' || CAST(attempts + 1 AS TEXT), lease_expires_at = @until, attempts = attempts + 1
            WHERE id IN (
                SELECT r.id FROM job_rows r
                JOIN jobs j ON j.id = r.job_id
                JOIN documents d ON d.id = r.document_id
                WHERE r.next_phase < 4
                  AND (r.lease_expires_at IS NULL OR r.lease_expires_at < @now)
                  AND j.status IN ('queued', 'processing')
                  AND d.status IN ('completed', 'error')
                ORDER BY j.created_at, r.ordinal
                LIMIT @max
                {db.Dialect.SkipLocked("r")})
            RETURNING id, job_id, document_id, next_phase, attempts, lease_owner AS owner
            """, new { owner, until = now + lease, now, max }, cancellationToken: ct));
        return claims.ToList();
    }

    /// <summary>Writes the row and its cells after a phase and renews the lease. False when the lease was lost: the caller must stop.</summary>
    public async Task<bool> WriteAsync(Guid rowId, Guid jobId, string owner, TimeSpan lease, RowWrite write, CancellationToken ct)
    {
        var now = Clock.Now(time);
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var done = write.NextPhase >= 4;
        var written = await conn.QuerySingleOrDefaultAsync<WrittenRow>(new CommandDefinition(
            """
            UPDATE job_rows SET status = @Status, next_phase = @NextPhase, confidence = @Confidence, flags = @flags, phases = @phases,
                   layout_keys = COALESCE(@layoutKeys, layout_keys),
                   lease_owner = CASE WHEN @done = 1 THEN NULL ELSE lease_owner END,
                   lease_expires_at = CASE WHEN @done = 1 THEN NULL ELSE @until END,
                   version = version + 1, updated_at = @now
            WHERE id = @rowId AND lease_owner = @owner
            RETURNING version, organization_id
            """,
            new
            {
                write.Status, write.NextPhase, write.Confidence, flags = new JsonText(write.FlagsJson), phases = new JsonText(write.PhasesJson),
                layoutKeys = write.LayoutKeysJson is null ? null : new JsonText(write.LayoutKeysJson),
                done = done ? 1 : 0, until = now + lease, now, rowId, owner,
            }, tx, cancellationToken: ct));
        if (written is null)
            return false;
        if (write.Runs is { Count: > 0 })
        {
            // In the same transaction as the row, behind the same owner check: a phase is logged exactly when its result is kept.
            await conn.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO job_row_phase_runs (row_id, job_id, phase, outcome, worker, attempt, completed_at)
                SELECT id, job_id, @Phase, @Outcome, @owner, attempts, @now FROM job_rows WHERE id = @rowId
                """, write.Runs.Select(r => new { r.Phase, r.Outcome, owner, now, rowId }), tx, cancellationToken: ct));
        }
        if (write.Cells.Count > 0)
        {
            // The history keeps every value a cell had: a phase that changes a value leaves a line, one that keeps it none.
            var prior = (await conn.QueryAsync<(string Field, string? Value)>(new CommandDefinition(
                "SELECT field, value FROM job_cells WHERE row_id = @rowId", new { rowId }, tx, cancellationToken: ct)))
                .ToDictionary(c => c.Field, c => c.Value, StringComparer.Ordinal);
            var changes = write.Cells
                .Select(c => (Cell: c, Prior: prior.GetValueOrDefault(c.Field)))
                .Where(x => !CellHistory.SameValue(x.Prior, x.Cell.Value))
                .Select((x, i) => CellHistory.Line(written.OrganizationId, jobId, rowId, written.Version, i, x.Cell.Field, CellHistory.Extracted,
                    x.Cell.Phase, x.Prior, x.Cell.Value, null, null, now))
                .ToList();
            await CellHistory.AppendAsync(conn, changes, tx, ct);
            await CellUpsert.WriteAsync(conn, jobId, rowId, write.Cells, now, tx, ct);
        }
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>The heartbeat: extends the lease while a phase runs. False when the row is no longer this owner's.</summary>
    public async Task<bool> RenewAsync(Guid rowId, string owner, TimeSpan lease, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE job_rows SET lease_expires_at = @until WHERE id = @rowId AND lease_owner = @owner",
            new { until = Clock.Now(time) + lease, rowId, owner }, cancellationToken: ct)) == 1;
    }

    /// <summary>The run log of a job's rows: one entry per phase of a row that ran to completion and was kept.</summary>
    public async Task<IReadOnlyList<PhaseRunRecord>> PhaseRunsAsync(Guid jobId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<PhaseRunRecord>(new CommandDefinition(
            "SELECT row_id, job_id, phase, outcome, worker, attempt, completed_at FROM job_row_phase_runs WHERE job_id = @jobId ORDER BY completed_at",
            new { jobId }, cancellationToken: ct))).ToList();
    }

    /// <summary>Gives a row back (on shutdown or after a transient failure) so any worker may take it again at once.</summary>
    public async Task ReleaseAsync(Guid rowId, string owner, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE job_rows SET lease_owner = NULL, lease_expires_at = NULL WHERE id = @rowId AND lease_owner = @owner",
            new { rowId, owner }, cancellationToken: ct));
    }

    /// <summary>Rows of running jobs with phases still to do (claimed or not), up to <paramref name="cap"/>: the pipeline's queue depth.</summary>
    public async Task<int> CountUnfinishedAsync(int cap, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            SELECT COUNT(*) FROM (SELECT 1 FROM job_rows r JOIN jobs j ON j.id = r.job_id
                                  WHERE r.next_phase < 4 AND j.status IN ('queued', 'processing') LIMIT @cap) w
            """, new { cap }, cancellationToken: ct));
    }

    public async Task<string> PhasesAsync(Guid rowId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT phases FROM job_rows WHERE id = @rowId", new { rowId }, cancellationToken: ct)) ?? "{}";
    }

    public async Task<IReadOnlyList<string>> FlagsAsync(Guid rowId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var flags = await conn.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT flags FROM job_rows WHERE id = @rowId", new { rowId }, cancellationToken: ct));
        return flags is null ? [] : System.Text.Json.JsonSerializer.Deserialize<List<string>>(flags) ?? [];
    }

    public async Task<IReadOnlyList<CellRecord>> CellsAsync(Guid rowId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<CellRecord>(new CommandDefinition(
            "SELECT row_id, field, value, raw, confidence, phase, source, issue, evidence FROM job_cells WHERE row_id = @rowId",
            new { rowId }, cancellationToken: ct))).ToList();
    }

    /// <summary>A job's rows in document order, optionally filtered by status, one page at a time (no limit: all rows).</summary>
    public async Task<Page<RowRecord>> RowsAsync(Guid jobId, string? status, int? limit, string? cursor, CancellationToken ct)
    {
        var where = "r.job_id = @jobId";
        var p = new DynamicParameters(new { jobId });
        if (status is not null) { where += " AND r.status = @status"; p.Add("status", status); }
        await using var conn = await db.OpenAsync(ct);
        var total = await conn.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM job_rows r WHERE {where}", p, cancellationToken: ct));
        if (Cursor.TryDecode(cursor, out int after))
        {
            where += " AND r.ordinal > @after";
            p.Add("after", after);
        }
        var sql = $"SELECT {RowColumns} FROM job_rows r JOIN documents d ON d.id = r.document_id WHERE {where} ORDER BY r.ordinal";
        if (limit is not null)
        {
            sql += " LIMIT @take";
            p.Add("take", limit.Value + 1);
        }
        var items = (await conn.QueryAsync<RowRecord>(new CommandDefinition(sql, p, cancellationToken: ct))).ToList();
        string? next = null;
        if (limit is not null && items.Count > limit)
        {
            items.RemoveAt(limit.Value);
            next = Cursor.Encode(items[^1].Ordinal);
        }
        return new Page<RowRecord>(items, total, next);
    }

    /// <summary>
    /// A job's rows with their cells in document order, <paramref name="pageSize"/> rows per query, so a caller that
    /// handles one page before asking for the next holds one page at a time whatever the job's size. Keyset paging on
    /// the ordinal: rows that change between pages are read once, in their state when their page was read. Each page
    /// opens its own connection, so a slow reader holds no connection or snapshot for the whole job.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<RowWithCells>> PagesAsync(Guid jobId, string? status, int pageSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var filter = status is null ? "" : " AND r.status = @status";
        var after = -1;
        while (true)
        {
            List<RowRecord> rows;
            ILookup<Guid, CellRecord> cells;
            await using (var conn = await db.OpenAsync(ct))
            {
                rows = (await conn.QueryAsync<RowRecord>(new CommandDefinition(
                    $"SELECT {RowColumns} FROM job_rows r JOIN documents d ON d.id = r.document_id WHERE r.job_id = @jobId AND r.ordinal > @after{filter} ORDER BY r.ordinal LIMIT @pageSize",
                    new { jobId, after, status, pageSize }, cancellationToken: ct))).ToList();
                if (rows.Count == 0)
                    yield break;
                // By the page's row ids, so each page is a primary-key lookup. (A join on the ordinal range let
                // PostgreSQL scan every cell of the job for every page: an export of 100,000 rows spent 0.3 s a page.)
                cells = (await conn.QueryAsync<CellRecord>(new CommandDefinition(
                    $"SELECT row_id, field, value, raw, confidence, phase, source, issue, evidence FROM job_cells WHERE {db.Dialect.InList("row_id", "ids")}",
                    new { ids = db.Dialect.IdList(rows.Select(r => r.Id)) }, cancellationToken: ct))).ToLookup(c => c.RowId);
            }
            yield return rows.Select(r => new RowWithCells(r, cells[r.Id].ToList())).ToList();
            if (rows.Count < pageSize)
                yield break;
            after = rows[^1].Ordinal;
        }
    }

    /// <summary>
    /// The cells of a job's rows, for the rows given (or all rows of the job). Without <paramref name="withSources"/> the
    /// source and evidence columns are left out (null): the plain grid does not show them, and reading them for every
    /// cell cost about an eighth of the time of <c>GET …/results</c> on a 1,000-row job (bench/load).
    /// </summary>
    public async Task<ILookup<Guid, CellRecord>> CellsOfJobAsync(Guid jobId, IReadOnlyCollection<Guid>? rowIds, bool withSources, CancellationToken ct)
    {
        var columns = withSources
            ? "row_id, field, value, raw, confidence, phase, source, issue, evidence"
            : "row_id, field, value, raw, confidence, phase, NULL AS source, issue, NULL AS evidence";
        await using var conn = await db.OpenAsync(ct);
        var cells = new List<CellRecord>();
        if (rowIds is null)
        {
            cells.AddRange(await conn.QueryAsync<CellRecord>(new CommandDefinition(
                $"SELECT {columns} FROM job_cells WHERE job_id = @jobId",
                new { jobId }, cancellationToken: ct)));
        }
        else
        {
            foreach (var chunk in rowIds.Chunk(500))
            {
                cells.AddRange(await conn.QueryAsync<CellRecord>(new CommandDefinition(
                    $"SELECT {columns} FROM job_cells WHERE job_id = @jobId AND {db.Dialect.InList("row_id", "chunk")}",
                    new { jobId, chunk = db.Dialect.IdList(chunk) }, cancellationToken: ct)));
            }
        }
        return cells.ToLookup(c => c.RowId);
    }
}
