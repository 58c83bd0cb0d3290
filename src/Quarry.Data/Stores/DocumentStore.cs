using Dapper;

namespace Quarry.Data.Stores;

public sealed record DocumentFilter(string? Status, DateTimeOffset? CreatedAfter, DateTimeOffset? CreatedBefore, string? Query, Guid? ParentId = null);

public sealed class DocumentStore(QuarryDatabase db, TimeProvider time)
{
    private const string Columns =
        "id, organization_id, parent_id, depth, child_index, filename, mime_type, size_bytes, sha256, pages, status, error_code, error_message, metadata, content_sha256, attempts, created_at, updated_at";

    public async Task InsertAsync(DocumentRecord d, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO documents (id, organization_id, parent_id, depth, child_index, filename, mime_type, size_bytes, sha256, pages, status,
                                   error_code, error_message, metadata, content_sha256, attempts, created_at, updated_at)
            VALUES (@Id, @OrganizationId, @ParentId, @Depth, @ChildIndex, @Filename, @MimeType, @SizeBytes, @Sha256, @Pages, @Status,
                    @ErrorCode, @ErrorMessage, @meta, @ContentSha256, 0, @CreatedAt, @UpdatedAt)
            ON CONFLICT (parent_id, child_index) DO NOTHING
            """,
            new
            {
                d.Id, d.OrganizationId, d.ParentId, d.Depth, d.ChildIndex, d.Filename, d.MimeType, d.SizeBytes, d.Sha256, d.Pages, d.Status,
                d.ErrorCode, d.ErrorMessage, meta = JsonText.From(d.Metadata), d.ContentSha256, d.CreatedAt, d.UpdatedAt,
            }, cancellationToken: ct));
    }

    public async Task<DocumentRecord?> GetAsync(Guid organizationId, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<DocumentRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM documents WHERE id = @id AND organization_id = @organizationId AND deleted_at IS NULL",
            new { id, organizationId }, cancellationToken: ct));
    }

    /// <summary>The subset of <paramref name="ids"/> that are live documents of the organization.</summary>
    public async Task<HashSet<Guid>> ExistingAsync(Guid organizationId, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var found = new HashSet<Guid>();
        await using var conn = await db.OpenAsync(ct);
        foreach (var chunk in ids.Chunk(500))
        {
            found.UnionWith(await conn.QueryAsync<Guid>(new CommandDefinition(
                $"SELECT id FROM documents WHERE organization_id = @organizationId AND deleted_at IS NULL AND {db.Dialect.InList("id", "chunk")}",
                new { organizationId, chunk = db.Dialect.IdList(chunk) }, cancellationToken: ct)));
        }
        return found;
    }

    public async Task<Page<DocumentRecord>> ListAsync(Guid organizationId, DocumentFilter filter, int limit, string? cursor, CancellationToken ct)
    {
        var where = "organization_id = @organizationId AND deleted_at IS NULL";
        var p = new DynamicParameters(new { organizationId });
        if (filter.Status is not null) { where += " AND status = @status"; p.Add("status", filter.Status); }
        if (filter.ParentId is not null) { where += " AND parent_id = @parentId"; p.Add("parentId", filter.ParentId.Value); }
        if (filter.CreatedAfter is not null) { where += " AND created_at > @after"; p.Add("after", filter.CreatedAfter.Value); }
        if (filter.CreatedBefore is not null) { where += " AND created_at < @before"; p.Add("before", filter.CreatedBefore.Value); }
        if (!string.IsNullOrEmpty(filter.Query))
        {
            where += " AND LOWER(filename) LIKE @q ESCAPE '\\'";
            p.Add("q", "%" + EscapeLike(filter.Query.ToLowerInvariant()) + "%");
        }
        await using var conn = await db.OpenAsync(ct);
        return await Keyset.PageAsync<DocumentRecord>(conn, Columns, "documents d", "d", where, p, limit, cursor, d => (d.CreatedAt, d.Id), ct);
    }

    /// <summary>
    /// Takes up to <paramref name="max"/> documents waiting to be parsed (or whose parser's lease ran out) under a lease.
    /// Each claim's <see cref="DocumentRecord.LeaseOwner"/> (the process's name and the attempt) is what finishing,
    /// renewing and releasing it must name, so a later claim of the same document is always another owner.
    /// </summary>
    public async Task<IReadOnlyList<DocumentRecord>> ClaimForParsingAsync(string owner, TimeSpan lease, int max, CancellationToken ct)
    {
        var now = Clock.Now(time);
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<DocumentRecord>(new CommandDefinition(
            $"""
            UPDATE documents SET status = 'processing', lease_owner = @owner || '#' || CAST(attempts + 1 AS TEXT), lease_expires_at = @until,
                   attempts = attempts + 1, updated_at = @now
            WHERE id IN (
                SELECT d.id FROM documents d
                WHERE d.deleted_at IS NULL
                  AND (d.status = 'pending' OR (d.status = 'processing' AND d.lease_expires_at < @now))
                ORDER BY d.created_at
                LIMIT @max
                {db.Dialect.SkipLocked("d")})
            RETURNING {Columns}, lease_owner
            """, new { owner, until = now + lease, now, max }, cancellationToken: ct));
        return rows.ToList();
    }

    public async Task<bool> FinishParsingAsync(Guid id, string owner, int? pages, string? contentSha256, string? errorCode, string? errorMessage, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var n = await conn.ExecuteAsync(new CommandDefinition(
            """
            UPDATE documents SET status = @status, pages = @pages, content_sha256 = @contentSha256, error_code = @errorCode,
                   error_message = @errorMessage, lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
            WHERE id = @id AND lease_owner = @owner
            """,
            new
            {
                id, owner, pages, contentSha256, errorCode, errorMessage, now = Clock.Now(time),
                status = errorCode is null ? DocumentStatuses.Completed : DocumentStatuses.Error,
            }, cancellationToken: ct));
        return n == 1;
    }

    /// <summary>The heartbeat: extends the parsing lease while a reader runs. False when the document is no longer this owner's.</summary>
    public async Task<bool> RenewAsync(Guid id, string owner, TimeSpan lease, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE documents SET lease_expires_at = @until WHERE id = @id AND lease_owner = @owner AND status = 'processing'",
            new { until = Clock.Now(time) + lease, id, owner }, cancellationToken: ct)) == 1;
    }

    /// <summary>Gives a claimed document back (on shutdown) so another worker takes it at once.</summary>
    public async Task ReleaseAsync(Guid id, string owner, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE documents SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL WHERE id = @id AND lease_owner = @owner AND status = 'processing'",
            new { id, owner }, cancellationToken: ct));
    }

    /// <summary>
    /// Documents waiting to be parsed (pending, not yet claimed), counted up to <paramref name="cap"/>: the check
    /// before every upload costs the same however long the queue is.
    /// </summary>
    public async Task<int> CountWaitingAsync(int cap, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT COUNT(*) FROM (SELECT 1 FROM documents WHERE status = '{DocumentStatuses.Pending}' AND deleted_at IS NULL LIMIT @cap) w",
            new { cap }, cancellationToken: ct));
    }

    /// <summary>True when the document is part of a job that has not ended.</summary>
    public async Task<bool> InUnfinishedJobAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM job_rows r JOIN jobs j ON j.id = r.job_id WHERE r.document_id = @id AND j.status IN ('queued', 'processing')",
            new { id }, cancellationToken: ct)) > 0;
    }

    /// <summary>Marks the document deleted; returns the blob addresses no live document uses any more, for the caller to remove.</summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(Guid organizationId, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var doc = await conn.QuerySingleOrDefaultAsync<DocumentRecord>(new CommandDefinition(
            $"UPDATE documents SET deleted_at = @now, updated_at = @now WHERE id = @id AND organization_id = @organizationId AND deleted_at IS NULL RETURNING {Columns}",
            new { id, organizationId, now = Clock.Now(time) }, cancellationToken: ct));
        if (doc is null)
            return [];
        var orphans = new List<string>();
        foreach (var sha in new[] { doc.Sha256, doc.ContentSha256 }.OfType<string>())
        {
            if (!await IsBlobUsedAsync(sha, ct)) orphans.Add(sha);
        }
        return orphans;
    }

    /// <summary>True when a live document holds these bytes or this parsed content.</summary>
    public async Task<bool> IsBlobUsedAsync(string sha, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM documents WHERE deleted_at IS NULL AND (sha256 = @sha OR content_sha256 = @sha)", new { sha }, cancellationToken: ct)) > 0;
    }

    private static string EscapeLike(string s) =>
        s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
