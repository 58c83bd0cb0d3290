using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Dapper;

namespace Quarry.Data;

/// <summary>
/// Applies the embedded migration scripts (Migrations/NNNN_name.sql) in order, each once, in a transaction.
/// On PostgreSQL an advisory lock keeps several processes starting at once from racing; on SQLite each script's
/// version is checked again inside its (immediate, so writer-exclusive) transaction, so a second process skips it.
/// </summary>
public sealed class Migrator(QuarryDatabase db)
{
    private const long AdvisoryLockKey = DatabaseLock.Migrations;

    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts { get; } = LoadScripts();

    public async Task<int> MigrateAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        if (db.Provider == DatabaseProvider.Postgres)
            await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@k)", new { k = AdvisoryLockKey }, cancellationToken: ct));
        try
        {
            await conn.ExecuteAsync(new CommandDefinition(db.Dialect.Render(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version {int} PRIMARY KEY, name {text} NOT NULL, applied_at {timestamp} NOT NULL)"),
                cancellationToken: ct));
            var applied = (await conn.QueryAsync<int>(new CommandDefinition("SELECT version FROM schema_migrations", cancellationToken: ct))).ToHashSet();
            var count = 0;
            foreach (var (version, name, sql) in Scripts.Where(s => !applied.Contains(s.Version)))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                        "SELECT COUNT(*) FROM schema_migrations WHERE version = @version", new { version }, tx, cancellationToken: ct)) > 0)
                    continue;
                await conn.ExecuteAsync(new CommandDefinition(db.Dialect.Render(sql), transaction: tx, cancellationToken: ct));
                await conn.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @now)",
                    new { version, name, now = DateTimeOffset.UtcNow }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                count++;
            }
            return count;
        }
        finally
        {
            if (db.Provider == DatabaseProvider.Postgres)
                await conn.ExecuteAsync("SELECT pg_advisory_unlock(@k)", new { k = AdvisoryLockKey });
        }
    }

    private static List<(int, string, string)> LoadScripts()
    {
        var asm = Assembly.GetExecutingAssembly();
        var list = new List<(int, string, string)>();
        foreach (var res in asm.GetManifestResourceNames().Where(n => n.Contains(".Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var file = res[(res.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..];
            var version = int.Parse(file[..4], CultureInfo.InvariantCulture);
            using var stream = asm.GetManifestResourceStream(res)!;
            using var reader = new StreamReader(stream);
            list.Add((version, file[5..^4], reader.ReadToEnd()));
        }
        return list.OrderBy(s => s.Item1).ToList();
    }
}
