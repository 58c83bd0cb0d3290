using Dapper;

namespace Quarry.Data.Stores;

/// <summary>Schemas and their versions. An update writes a new version; jobs keep the version they started with.</summary>
public sealed class SchemaStore(QuarryDatabase db, TimeProvider time)
{
    private const string Columns = "s.id, s.organization_id, s.version, v.name, v.description, v.fields, s.created_at, s.updated_at";
    private const string From = "schemas s JOIN schema_versions v ON v.schema_id = s.id AND v.version = s.version";
    private const string Select = $"SELECT {Columns} FROM {From}";

    public async Task<SchemaRecord> CreateAsync(Guid organizationId, string name, string? description, string fieldsJson, CancellationToken ct)
    {
        var now = Clock.Now(time);
        var id = Guid.NewGuid();
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schemas (id, organization_id, version, created_at, updated_at) VALUES (@id, @organizationId, 1, @now, @now)",
            new { id, organizationId, now }, tx, cancellationToken: ct));
        await InsertVersionAsync(conn, tx, id, 1, name, description, fieldsJson, now, ct);
        await tx.CommitAsync(ct);
        return new SchemaRecord { Id = id, OrganizationId = organizationId, Version = 1, Name = name, Description = description, Fields = fieldsJson, CreatedAt = now, UpdatedAt = now };
    }

    /// <summary>Writes a new version; null when the schema does not exist for this organization.</summary>
    public async Task<SchemaRecord?> UpdateAsync(Guid organizationId, Guid id, string name, string? description, string fieldsJson, CancellationToken ct)
    {
        var now = Clock.Now(time);
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Incrementing in the UPDATE makes concurrent updates take distinct versions.
        var version = await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            "UPDATE schemas SET version = version + 1, updated_at = @now WHERE id = @id AND organization_id = @organizationId AND deleted_at IS NULL RETURNING version",
            new { id, organizationId, now }, tx, cancellationToken: ct));
        if (version is null)
            return null;
        await InsertVersionAsync(conn, tx, id, version.Value, name, description, fieldsJson, now, ct);
        await tx.CommitAsync(ct);
        return await GetAsync(organizationId, id, ct);
    }

    public async Task<SchemaRecord?> GetAsync(Guid organizationId, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<SchemaRecord>(new CommandDefinition(
            $"{Select} WHERE s.id = @id AND s.organization_id = @organizationId AND s.deleted_at IS NULL",
            new { id, organizationId }, cancellationToken: ct));
    }

    /// <summary>A given version, also of a deleted schema: jobs that ran on it still need it.</summary>
    public async Task<SchemaRecord?> GetVersionAsync(Guid id, int version, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<SchemaRecord>(new CommandDefinition(
            """
            SELECT s.id, s.organization_id, v.version, v.name, v.description, v.fields, s.created_at, v.created_at AS updated_at
            FROM schemas s JOIN schema_versions v ON v.schema_id = s.id
            WHERE s.id = @id AND v.version = @version
            """, new { id, version }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<int>> VersionsAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM schema_versions WHERE schema_id = @id ORDER BY version", new { id }, cancellationToken: ct))).ToList();
    }

    public async Task<Page<SchemaRecord>> ListAsync(Guid organizationId, int limit, string? cursor, CancellationToken ct)
    {
        var where = "s.organization_id = @organizationId AND s.deleted_at IS NULL";
        var p = new DynamicParameters(new { organizationId });
        await using var conn = await db.OpenAsync(ct);
        return await Keyset.PageAsync<SchemaRecord>(conn, Columns, From, "s", where, p, limit, cursor, s => (s.CreatedAt, s.Id), ct);
    }

    public async Task<bool> DeleteAsync(Guid organizationId, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE schemas SET deleted_at = @now WHERE id = @id AND organization_id = @organizationId AND deleted_at IS NULL",
            new { id, organizationId, now = Clock.Now(time) }, cancellationToken: ct)) == 1;
    }

    private static Task InsertVersionAsync(System.Data.Common.DbConnection conn, System.Data.Common.DbTransaction tx, Guid id, int version,
        string name, string? description, string fieldsJson, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schema_versions (schema_id, version, name, description, fields, created_at) VALUES (@id, @version, @name, @description, @fields, @now)",
            new { id, version, name, description, fields = new JsonText(fieldsJson), now }, tx, cancellationToken: ct));
}
