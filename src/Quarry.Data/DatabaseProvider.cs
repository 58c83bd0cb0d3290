namespace Quarry.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// The few places where SQLite and PostgreSQL differ. Everything else is one set of SQL: migrations use the
/// placeholders below for column types, queries use <see cref="SkipLocked"/> where work is claimed.
/// </summary>
public sealed class SqlDialect
{
    private readonly Dictionary<string, string> _types;

    private SqlDialect(DatabaseProvider provider, Dictionary<string, string> types)
    {
        Provider = provider;
        _types = types;
    }

    public DatabaseProvider Provider { get; }

    public static SqlDialect Sqlite { get; } = new(DatabaseProvider.Sqlite, new()
    {
        ["{uuid}"] = "TEXT",
        ["{text}"] = "TEXT",
        ["{int}"] = "INTEGER",
        ["{bigint}"] = "INTEGER",
        ["{real}"] = "REAL",
        ["{timestamp}"] = "TEXT",
        ["{json}"] = "TEXT",
        ["{bytes}"] = "BLOB",
    });

    public static SqlDialect Postgres { get; } = new(DatabaseProvider.Postgres, new()
    {
        ["{uuid}"] = "uuid",
        ["{text}"] = "text",
        ["{int}"] = "integer",
        ["{bigint}"] = "bigint",
        ["{real}"] = "double precision",
        ["{timestamp}"] = "timestamptz",
        ["{json}"] = "jsonb",
        ["{bytes}"] = "bytea",
    });

    public static SqlDialect For(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? Postgres : Sqlite;

    /// <summary>Replaces the type placeholders of a migration script.</summary>
    public string Render(string sql)
    {
        foreach (var (placeholder, type) in _types)
            sql = sql.Replace(placeholder, type, StringComparison.Ordinal);
        return sql;
    }

    /// <summary>
    /// A list of ids to bind for <see cref="InList"/>. Dapper passes arrays to PostgreSQL whole and expands them for
    /// SQLite, without its type handlers, so SQLite needs them as text.
    /// </summary>
    public System.Collections.IEnumerable IdList(IEnumerable<Guid> ids) =>
        Provider == DatabaseProvider.Postgres ? ids.ToArray() : ids.Select(i => i.ToString("D")).ToArray();

    /// <summary>"column is one of the ids in @parameter", bound with <see cref="IdList"/>.</summary>
    public string InList(string column, string parameter) =>
        Provider == DatabaseProvider.Postgres ? $"{column} = ANY(@{parameter})" : $"{column} IN @{parameter}";

    /// <summary>
    /// The locking clause for a claim sub-select. PostgreSQL skips rows another process is claiming; SQLite has a
    /// single writer, so the claiming UPDATE is already atomic there.
    /// </summary>
    public string SkipLocked(string alias) => Provider == DatabaseProvider.Postgres ? $"FOR UPDATE OF {alias} SKIP LOCKED" : "";
}
