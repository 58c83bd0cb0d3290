using Dapper;
using Quarry.Core.Extraction;

namespace Quarry.Data.Stores;

public enum CancelOutcome { Cancelled, NotFound, AlreadyEnded }

/// <summary>Jobs, and their rows from creation. A job's status moves queued → processing → complete | failed | cancelled.</summary>
public sealed class JobStore(QuarryDatabase db, TimeProvider time)
{
    private const string Columns =
        """
        j.id, j.organization_id, j.schema_id, j.schema_version, v.name AS schema_name, j.name, j.status, j.document_count, j.field_count,
        j.review_threshold, j.error_code, j.error_message, j.created_at, j.started_at, j.completed_at,
        j.max_agent_calls, j.max_agent_tokens, j.agent_calls, j.agent_input_tokens, j.agent_output_tokens
        """;
    private const string From = "jobs j JOIN schema_versions v ON v.schema_id = j.schema_id AND v.version = j.schema_version";
    private const string Select = $"SELECT {Columns} FROM {From}";
    private const int RowsPerInsert = 500;

    public Task<JobRecord> CreateAsync(Guid organizationId, Guid schemaId, int schemaVersion, int fieldCount, string? name,
        IReadOnlyList<Guid> documentIds, double reviewThreshold, CancellationToken ct) =>
        CreateAsync(organizationId, schemaId, schemaVersion, fieldCount, name, documentIds, reviewThreshold, AgentBudget.Unlimited, ct);

    /// <summary>Creates the job (with its agent budget) and one row per document (status processing, no phase done) in one transaction.</summary>
    public async Task<JobRecord> CreateAsync(Guid organizationId, Guid schemaId, int schemaVersion, int fieldCount, string? name,
        IReadOnlyList<Guid> documentIds, double reviewThreshold, AgentBudget budget, CancellationToken ct)
    {
        var now = Clock.Now(time);
        var id = Guid.NewGuid();
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO jobs (id, organization_id, schema_id, schema_version, name, status, document_count, field_count, review_threshold,
                              max_agent_calls, max_agent_tokens, created_at, updated_at)
            VALUES (@id, @organizationId, @schemaId, @schemaVersion, @name, 'queued', @count, @fieldCount, @reviewThreshold, @maxCalls, @maxTokens, @now, @now)
            """, new
            {
                id, organizationId, schemaId, schemaVersion, name, count = documentIds.Count, fieldCount, reviewThreshold,
                maxCalls = budget.MaxCalls, maxTokens = budget.MaxTokens, now,
            }, tx, cancellationToken: ct));
        // Rows go in batches of several hundred per statement: a 100,000-document job is a few hundred round trips, not 100,000.
        for (var start = 0; start < documentIds.Count; start += RowsPerInsert)
        {
            var batch = documentIds.Skip(start).Take(RowsPerInsert).ToList();
            var p = new DynamicParameters(new { jobId = id, organizationId, now });
            var values = new System.Text.StringBuilder();
            for (var i = 0; i < batch.Count; i++)
            {
                if (i > 0) values.Append(',');
                values.Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"(@r{i}, @jobId, @organizationId, @d{i}, {start + i}, '{RowStatuses.Processing}', 0, '[]', '{{}}', @now)");
                p.Add($"r{i}", Guid.NewGuid());
                p.Add($"d{i}", batch[i]);
            }
            await conn.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO job_rows (id, job_id, organization_id, document_id, ordinal, status, next_phase, flags, phases, updated_at) VALUES {values}",
                p, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return (await GetAsync(organizationId, id, ct))!;
    }

    public async Task<JobRecord?> GetAsync(Guid organizationId, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<JobRecord>(new CommandDefinition(
            $"{Select} WHERE j.id = @id AND j.organization_id = @organizationId", new { id, organizationId }, cancellationToken: ct));
    }

    public async Task<JobRecord?> GetByIdAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<JobRecord>(new CommandDefinition($"{Select} WHERE j.id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<Page<JobRecord>> ListAsync(Guid organizationId, string? status, int limit, string? cursor, CancellationToken ct)
    {
        var where = "j.organization_id = @organizationId";
        var p = new DynamicParameters(new { organizationId });
        if (status is not null) { where += " AND j.status = @status"; p.Add("status", status); }
        await using var conn = await db.OpenAsync(ct);
        return await Keyset.PageAsync<JobRecord>(conn, Columns, From, "j", where, p, limit, cursor, j => (j.CreatedAt, j.Id), ct);
    }

    public async Task<JobProgressRecord> ProgressAsync(Guid jobId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var progress = await conn.QuerySingleAsync<JobProgressRecord>(new CommandDefinition(
            $"""
            SELECT @jobId AS job_id,
                   COUNT(*) AS rows,
                   COALESCE(SUM(next_phase), 0) AS phases_done,
                   COALESCE(SUM(CASE WHEN next_phase >= 4 AND status <> '{RowStatuses.Failed}' THEN 1 ELSE 0 END), 0) AS completed_rows,
                   COALESCE(SUM(CASE WHEN status = '{RowStatuses.Failed}' THEN 1 ELSE 0 END), 0) AS failed_rows,
                   MIN(CASE WHEN next_phase < 4 THEN next_phase END) AS earliest_phase,
                   (SELECT COUNT(*) FROM job_cells c WHERE c.job_id = @jobId AND c.value IS NOT NULL) AS filled_cells,
                   (SELECT COUNT(*) FROM job_cells c WHERE c.job_id = @jobId AND c.value IS NOT NULL AND c.evidence_kind = 'registry') AS registry_filled
            FROM job_rows WHERE job_id = @jobId
            """, new { jobId }, cancellationToken: ct));
        // A live lease means a worker is running the row's next phase now; an expired one belongs to a process that died.
        progress.PhaseGroups = (await conn.QueryAsync<RowPhaseGroup>(new CommandDefinition(
            $"""
            SELECT next_phase,
                   CASE WHEN status = '{RowStatuses.Failed}' THEN 1 ELSE 0 END AS failed,
                   CASE WHEN lease_expires_at IS NOT NULL AND lease_expires_at > @now THEN 1 ELSE 0 END AS leased,
                   COUNT(*) AS rows
            FROM job_rows WHERE job_id = @jobId
            GROUP BY 1, 2, 3
            """, new { jobId, now = Clock.Now(time) }, cancellationToken: ct))).ToList();
        return progress;
    }

    public async Task<CancelOutcome> CancelAsync(Guid organizationId, Guid id, CancellationToken ct)
    {
        var now = Clock.Now(time);
        await using var conn = await db.OpenAsync(ct);
        var n = await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs SET status = 'cancelled', completed_at = @now, updated_at = @now WHERE id = @id AND organization_id = @organizationId AND status IN ('queued', 'processing')",
            new { id, organizationId, now }, cancellationToken: ct));
        if (n == 1) return CancelOutcome.Cancelled;
        var exists = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM jobs WHERE id = @id AND organization_id = @organizationId", new { id, organizationId }, cancellationToken: ct));
        return exists == 0 ? CancelOutcome.NotFound : CancelOutcome.AlreadyEnded;
    }

    public async Task MarkStartedAsync(Guid id, CancellationToken ct)
    {
        var now = Clock.Now(time);
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs SET status = 'processing', started_at = @now, updated_at = @now WHERE id = @id AND status = 'queued'",
            new { id, now }, cancellationToken: ct));
    }

    /// <summary>
    /// Ends the job once every row has run all phases: complete, or failed when no document could be read.
    /// Safe to call from any number of workers: only the first matching update changes anything.
    /// </summary>
    public async Task<string?> TryFinishAsync(Guid id, CancellationToken ct)
    {
        var now = Clock.Now(time);
        await using var conn = await db.OpenAsync(ct);
        var status = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            $"""
            UPDATE jobs SET
                status = CASE WHEN EXISTS (SELECT 1 FROM job_rows r WHERE r.job_id = @id AND r.status <> '{RowStatuses.Failed}') THEN 'complete' ELSE 'failed' END,
                error_code = CASE WHEN EXISTS (SELECT 1 FROM job_rows r WHERE r.job_id = @id AND r.status <> '{RowStatuses.Failed}') THEN NULL ELSE 'all_documents_failed' END,
                error_message = CASE WHEN EXISTS (SELECT 1 FROM job_rows r WHERE r.job_id = @id AND r.status <> '{RowStatuses.Failed}') THEN NULL ELSE 'No document of the job could be read.' END,
                started_at = COALESCE(started_at, @now),
                completed_at = @now, updated_at = @now
            WHERE id = @id AND status IN ('queued', 'processing')
              AND NOT EXISTS (SELECT 1 FROM job_rows r WHERE r.job_id = @id AND r.next_phase < 4)
            RETURNING status
            """, new { id, now }, cancellationToken: ct));
        return status;
    }

    /// <summary>
    /// Live documents of the organization that no job with this schema has taken yet, oldest first. Archives are left
    /// out: their members are documents of their own.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> DocumentsNotInJobWithSchemaAsync(Guid organizationId, Guid schemaId, int max, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Guid>(new CommandDefinition(
            """
            SELECT d.id FROM documents d
            WHERE d.organization_id = @organizationId AND d.deleted_at IS NULL AND d.mime_type <> 'application/zip'
              AND NOT EXISTS (SELECT 1 FROM job_rows r JOIN jobs j ON j.id = r.job_id WHERE r.document_id = d.id AND j.schema_id = @schemaId)
            ORDER BY d.created_at, d.id
            LIMIT @max
            """, new { organizationId, schemaId, max }, cancellationToken: ct))).ToList();
    }
}
