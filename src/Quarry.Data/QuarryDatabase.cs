using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Quarry.Data;

/// <summary>Opens connections to the configured database. One instance per process; it owns the PostgreSQL pool.</summary>
public sealed class QuarryDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;

    private QuarryDatabase(DatabaseProvider provider, NpgsqlDataSource? postgres, string? sqlite)
    {
        Provider = provider;
        Dialect = SqlDialect.For(provider);
        _postgres = postgres;
        _sqlite = sqlite;
        TypeHandlers.Register();
    }

    public DatabaseProvider Provider { get; }
    public SqlDialect Dialect { get; }

    /// <summary>An embedded database in <paramref name="file"/>, created with its folder when missing.</summary>
    public static QuarryDatabase Sqlite(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
            ForeignKeys = true,
        }.ToString();
        return new QuarryDatabase(DatabaseProvider.Sqlite, null, cs);
    }

    public static QuarryDatabase Postgres(string connectionString) =>
        new(DatabaseProvider.Postgres, NpgsqlDataSource.Create(connectionString), null);

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (_postgres is not null)
            return await _postgres.OpenConnectionAsync(ct);
        var conn = new SqliteConnection(_sqlite);
        await conn.OpenAsync(ct);
        // WAL lets readers work while a writer commits; NORMAL sync is durable across process crashes in WAL mode.
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
        await cmd.ExecuteNonQueryAsync(ct);
        return conn;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
            await _postgres.DisposeAsync();
        if (_sqlite is not null)
            SqliteConnection.ClearPool(new SqliteConnection(_sqlite));
    }
}
