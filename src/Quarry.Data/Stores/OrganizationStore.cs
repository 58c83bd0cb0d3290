using Dapper;

namespace Quarry.Data.Stores;

public sealed class OrganizationStore(QuarryDatabase db, TimeProvider time)
{
    public async Task<OrganizationRecord> GetOrCreateAsync(string name, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var existing = await conn.QuerySingleOrDefaultAsync<OrganizationRecord>(new CommandDefinition(
            "SELECT id, name, created_at FROM organizations WHERE name = @name", new { name }, cancellationToken: ct));
        if (existing is not null)
            return existing;
        var org = new OrganizationRecord { Id = Guid.NewGuid(), Name = name, CreatedAt = Clock.Now(time) };
        // Two processes may create the same name at once; the unique index decides and both read the winner.
        await conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO organizations (id, name, created_at) VALUES (@Id, @Name, @CreatedAt) ON CONFLICT (name) DO NOTHING", org, cancellationToken: ct));
        return await conn.QuerySingleAsync<OrganizationRecord>(new CommandDefinition(
            "SELECT id, name, created_at FROM organizations WHERE name = @name", new { name }, cancellationToken: ct));
    }

    public async Task<long> CountAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM organizations", cancellationToken: ct));
    }
}
