using Npgsql;

namespace Quarry.Testing;

/// <summary>
/// A fresh, empty database for one test class, on the provider the run asks for:
/// <c>QUARRY_TEST_DB=sqlite</c> (default) or <c>postgres</c> with <c>QUARRY_TEST_PG</c> holding a connection string
/// to a server where the test may create databases. Each instance makes its own data folder and database and
/// removes both when disposed.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _adminConnectionString;
    private readonly string? _databaseName;

    private TestDatabase(string provider, string? connectionString, string dataDir, string? admin, string? dbName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        DataDir = dataDir;
        _adminConnectionString = admin;
        _databaseName = dbName;
    }

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public string Provider { get; }

    /// <summary>The PostgreSQL connection string; null for SQLite (the database lives in <see cref="DataDir"/>).</summary>
    public string? ConnectionString { get; }

    public string DataDir { get; }

    public static string RunProvider =>
        (Environment.GetEnvironmentVariable("QUARRY_TEST_DB") ?? "sqlite").Trim().ToLowerInvariant();

    public static async Task<TestDatabase> CreateAsync()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "quarry-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        if (RunProvider == "sqlite")
            return new TestDatabase("sqlite", null, dataDir, null, null);
        if (RunProvider != "postgres")
            throw new InvalidOperationException($"QUARRY_TEST_DB must be sqlite or postgres, not '{RunProvider}'.");

        var admin = Environment.GetEnvironmentVariable("QUARRY_TEST_PG")
            ?? throw new InvalidOperationException("QUARRY_TEST_DB=postgres needs QUARRY_TEST_PG, a connection string to a server that allows CREATE DATABASE (./test.sh starts one).");
        var name = "quarry_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 20 }.ToString();
        return new TestDatabase("postgres", cs, dataDir, admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_adminConnectionString is not null && _databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(_adminConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a process that is shutting down; the temp folder is cleaned by the OS eventually.
        }
    }
}
