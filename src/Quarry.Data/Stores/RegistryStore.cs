using System.Data.Common;
using System.Text.Json;
using Dapper;
using Quarry.Core.Extraction.Registry;

namespace Quarry.Data.Stores;

/// <summary>The rules and layouts saved after a generation, up to <see cref="Generation"/>.</summary>
public sealed record RegistryChanges(long Generation, IReadOnlyList<RegistryRule> Rules, IReadOnlyList<RegistryLayout> Layouts);

/// <summary>A stored rule, as the API lists it.</summary>
public sealed class RegistryRuleRecord
{
    public Guid Id { get; init; }
    public string SchemaName { get; init; } = "";
    public string Layout { get; init; } = "";
    public string Field { get; init; } = "";
    public string Kind { get; init; } = "";
    public string RuleKey { get; init; } = "";
    public string? Shape { get; init; }
    public int Words { get; init; }
    public string? Value { get; init; }
    public double X { get; init; }
    public double Y { get; init; }
    public double Seen { get; init; }
    public double RightCount { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public RegistryRule ToRule() => new()
    {
        Id = Id, Layout = Layout, Field = Field, Kind = Kind, Key = RuleKey, Shape = Shape, Words = Words, Value = Value,
        X = X, Y = Y, Seen = Seen, Right = RightCount, UpdatedAt = UpdatedAt,
    };
}

/// <summary>
/// The Field Registry in the database, per organization and schema name. Saving upserts by a rule's identity (layout,
/// field, kind, phrase or value, shape), so two processes learning the same rule keep one row; counts are written as
/// the learner computed them, under the registry's lock (<see cref="LearnAsync"/>), so no learner's counts are lost.
/// </summary>
public sealed class RegistryStore(QuarryDatabase db, TimeProvider time)
{
    private const string RuleColumns = "id, schema_name, layout, field, kind, rule_key, shape, words, value, x, y, seen, right_count, updated_at";

    private sealed class LayoutRow
    {
        public string Layout { get; init; } = "";
        public string Keys { get; init; } = "[]";
        public int Examples { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
    }

    public async Task<FieldRegistry> LoadAsync(Guid organizationId, string schemaName, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await LoadAsync(conn, null, organizationId, schemaName, ct);
    }

    private static async Task<FieldRegistry> LoadAsync(DbConnection conn, DbTransaction? tx, Guid organizationId, string schemaName, CancellationToken ct)
    {
        var (rules, layouts) = await ReadAsync(conn, tx, "", new { organizationId, schemaName }, ct);
        return FieldRegistry.From(rules, layouts);
    }

    /// <summary>The schema's rules and layouts (parameters organizationId, schemaName) that also match <paramref name="andWhere"/>.</summary>
    private static async Task<(List<RegistryRule> Rules, List<RegistryLayout> Layouts)> ReadAsync(DbConnection conn, DbTransaction? tx, string andWhere,
        object parameters, CancellationToken ct)
    {
        const string Schema = "WHERE organization_id = @organizationId AND schema_name = @schemaName";
        var layouts = await conn.QueryAsync<LayoutRow>(new CommandDefinition(
            $"SELECT layout, keys, examples, updated_at FROM registry_layouts {Schema}{andWhere}", parameters, tx, cancellationToken: ct));
        var rules = await conn.QueryAsync<RegistryRuleRecord>(new CommandDefinition(
            $"SELECT {RuleColumns} FROM registry_rules {Schema}{andWhere}", parameters, tx, cancellationToken: ct));
        return (rules.Select(r => r.ToRule()).ToList(), layouts.Select(ToLayout).ToList());
    }

    /// <summary>
    /// What changed after <paramref name="since"/>, up to the current generation: the rules and layouts saved since, or
    /// null when something was deleted since (the caller reads the whole registry again). Rows are read up to the
    /// generation the state showed, so a save committing meanwhile is left for the next refresh.
    /// </summary>
    public async Task<RegistryChanges?> ChangesSinceAsync(Guid organizationId, string schemaName, long since, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var state = await conn.QuerySingleOrDefaultAsync<(long Generation, long ResetGeneration)>(new CommandDefinition(
            "SELECT generation, reset_generation FROM registry_state WHERE organization_id = @organizationId AND schema_name = @schemaName",
            new { organizationId, schemaName }, cancellationToken: ct));
        if (state.ResetGeneration > since || state.Generation < since)
            return null;
        var (rules, layouts) = await ReadAsync(conn, null, " AND generation > @since AND generation <= @upTo",
            new { organizationId, schemaName, since, upTo = state.Generation }, ct);
        return new RegistryChanges(state.Generation, rules, layouts);
    }

    private static RegistryLayout ToLayout(LayoutRow l) => new()
    {
        Id = l.Layout, Keys = JsonSerializer.Deserialize<List<string>>(l.Keys) ?? [], Examples = l.Examples, UpdatedAt = l.UpdatedAt,
    };

    /// <summary>Bumped by every change; a cached registry with the same generation is current.</summary>
    public async Task<long> GenerationAsync(Guid organizationId, string schemaName, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT generation FROM registry_state WHERE organization_id = @organizationId AND schema_name = @schemaName",
            new { organizationId, schemaName }, cancellationToken: ct)) ?? 0;
    }

    /// <summary>
    /// Writes what <see cref="FieldRegistry.TakeChanges"/> returned, in one transaction, for a single learner (the CLI, a
    /// benchmark). A server, where several processes learn, uses <see cref="LearnAsync"/>.
    /// </summary>
    public async Task SaveAsync(Guid organizationId, string schemaName, FieldRegistry registry, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var generation = await BumpAsync(conn, tx, organizationId, schemaName, ct);
        await WriteChangesAsync(conn, tx, organizationId, schemaName, registry, generation, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Learns under the registry's lock and saves, in one transaction: <paramref name="current"/> may give a cached copy of
    /// the registry at a generation (null: it is read from the database), <paramref name="learn"/> learns on it. The
    /// generation is bumped first, which takes the lock (the state row in PostgreSQL, the write lock in SQLite), so a
    /// learner in another process waits until this one committed and then learns on what it saved: concurrent learners
    /// never overwrite each other's counts. Returns the new generation and the registry as saved.
    /// </summary>
    public async Task<(long Generation, FieldRegistry Registry)> LearnAsync(Guid organizationId, string schemaName,
        Func<long, FieldRegistry?> current, Action<FieldRegistry> learn, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var generation = await BumpAsync(conn, tx, organizationId, schemaName, ct);
        var registry = current(generation - 1) ?? await LoadAsync(conn, tx, organizationId, schemaName, ct);
        learn(registry);
        await WriteChangesAsync(conn, tx, organizationId, schemaName, registry, generation, ct);
        await tx.CommitAsync(ct);
        return (generation, registry);
    }

    private static async Task WriteChangesAsync(DbConnection conn, DbTransaction tx, Guid organizationId, string schemaName, FieldRegistry registry,
        long generation, CancellationToken ct)
    {
        var (rules, layouts) = registry.TakeChanges();
        await conn.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO registry_layouts (organization_id, schema_name, layout, keys, examples, updated_at, generation)
            VALUES (@organizationId, @schemaName, @Id, @keys, @Examples, @UpdatedAt, @generation)
            ON CONFLICT (organization_id, schema_name, layout) DO UPDATE SET keys = excluded.keys, examples = excluded.examples,
                updated_at = excluded.updated_at, generation = excluded.generation
            """,
            layouts.Select(l => new { organizationId, schemaName, l.Id, keys = new JsonText(JsonSerializer.Serialize(l.Keys)), l.Examples, l.UpdatedAt, generation }),
            tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO registry_rules (id, organization_id, schema_name, layout, field, kind, rule_key, shape, shape_key, words, value, x, y, seen, right_count, updated_at, generation)
            VALUES (@Id, @organizationId, @schemaName, @Layout, @Field, @Kind, @Key, @Shape, @shapeKey, @Words, @value, @X, @Y, @Seen, @Right, @UpdatedAt, @generation)
            ON CONFLICT (organization_id, schema_name, layout, field, kind, rule_key, shape_key) DO UPDATE SET
                x = excluded.x, y = excluded.y, seen = excluded.seen, right_count = excluded.right_count, updated_at = excluded.updated_at,
                generation = excluded.generation
            """,
            rules.Select(r => new
            {
                r.Id, organizationId, schemaName, r.Layout, r.Field, r.Kind, r.Key, r.Shape, shapeKey = r.Shape is null ? "" : ValueShape.Compact(r.Shape),
                r.Words, value = JsonText.From(r.Value), r.X, r.Y, r.Seen, r.Right, r.UpdatedAt, generation,
            }), tx, cancellationToken: ct));
    }

    public async Task<Page<RegistryRuleRecord>> ListAsync(Guid organizationId, string? schemaName, string? field, string? layout, int limit, Guid? after, CancellationToken ct)
    {
        var where = "organization_id = @organizationId AND kind <> 'constancy'";
        var p = new DynamicParameters(new { organizationId });
        if (schemaName is not null) { where += " AND schema_name = @schemaName"; p.Add("schemaName", schemaName); }
        if (field is not null) { where += " AND field = @field"; p.Add("field", field); }
        if (layout is not null) { where += " AND layout = @layout"; p.Add("layout", layout); }
        await using var conn = await db.OpenAsync(ct);
        var total = await conn.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM registry_rules WHERE {where}", p, cancellationToken: ct));
        if (after is { } a) { where += " AND id > @after"; p.Add("after", a); }
        p.Add("take", limit + 1);
        var items = (await conn.QueryAsync<RegistryRuleRecord>(new CommandDefinition(
            $"SELECT {RuleColumns} FROM registry_rules WHERE {where} ORDER BY id LIMIT @take", p, cancellationToken: ct))).ToList();
        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            next = Cursor.Encode(DateTimeOffset.UnixEpoch, items[^1].Id);
        }
        return new Page<RegistryRuleRecord>(items, total, next);
    }

    /// <summary>Deletes one rule; false when the organization has none with this id.</summary>
    public async Task<bool> DeleteAsync(Guid organizationId, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var schemaName = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "DELETE FROM registry_rules WHERE id = @id AND organization_id = @organizationId RETURNING schema_name", new { id, organizationId }, tx, cancellationToken: ct));
        if (schemaName is null)
            return false;
        await ResetAsync(conn, tx, organizationId, schemaName, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Forgets a schema's registry (or one field of it): its rules, and with the whole schema its layouts.</summary>
    public async Task<int> DeleteAsync(Guid organizationId, string schemaName, string? field, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var n = await conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM registry_rules WHERE organization_id = @organizationId AND schema_name = @schemaName" + (field is null ? "" : " AND field = @field"),
            new { organizationId, schemaName, field }, tx, cancellationToken: ct));
        if (field is null)
        {
            await conn.ExecuteAsync(new CommandDefinition(
                "DELETE FROM registry_layouts WHERE organization_id = @organizationId AND schema_name = @schemaName",
                new { organizationId, schemaName }, tx, cancellationToken: ct));
        }
        await ResetAsync(conn, tx, organizationId, schemaName, ct);
        await tx.CommitAsync(ct);
        return n;
    }

    /// <summary>A deletion: the generation moves on and is marked as one a cached copy cannot catch up with by reading changes.</summary>
    private static async Task ResetAsync(DbConnection conn, DbTransaction tx, Guid organizationId, string schemaName, CancellationToken ct)
    {
        var generation = await BumpAsync(conn, tx, organizationId, schemaName, ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE registry_state SET reset_generation = @generation WHERE organization_id = @organizationId AND schema_name = @schemaName",
            new { organizationId, schemaName, generation }, tx, cancellationToken: ct));
    }

    /// <summary>Moves the registry's generation on and returns it; the row (PostgreSQL) or database (SQLite) stays locked until the transaction ends.</summary>
    private static async Task<long> BumpAsync(DbConnection conn, DbTransaction tx, Guid organizationId, string schemaName, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO registry_state (organization_id, schema_name, generation) VALUES (@organizationId, @schemaName, 1)
            ON CONFLICT (organization_id, schema_name) DO UPDATE SET generation = registry_state.generation + 1
            RETURNING generation
            """, new { organizationId, schemaName }, tx, cancellationToken: ct));

    internal TimeProvider Time => time;
}
