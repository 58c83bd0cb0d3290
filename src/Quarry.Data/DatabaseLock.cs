using System.Data.Common;
using Dapper;

namespace Quarry.Data;

/// <summary>
/// A lock held across every process on one database while start-up work that must happen once runs (creating the
/// first organization and key). PostgreSQL: a session advisory lock on a connection of its own, so the work itself may
/// use any connection. SQLite: nothing; its processes share one file on one machine, and what they do at start-up is
/// idempotent (migrations re-check their version inside an immediate transaction).
/// </summary>
public sealed class DatabaseLock : IAsyncDisposable
{
    /// <summary>The lock ids Quarry uses; each start-up step has its own so one never waits on itself.</summary>
    public const long Migrations = 0x51_75_61_72_72_79; // "Quarry"
    public const long FirstStart = Migrations + 1;

    private readonly DbConnection? _conn;
    private readonly long _key;

    private DatabaseLock(DbConnection? conn, long key)
    {
        _conn = conn;
        _key = key;
    }

    public static async Task<DatabaseLock> AcquireAsync(QuarryDatabase db, long key, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres)
            return new DatabaseLock(null, key);
        var conn = await db.OpenAsync(ct);
        try
        {
            await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key }, cancellationToken: ct));
            return new DatabaseLock(conn, key);
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_conn is null)
            return;
        try
        {
            await _conn.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = _key });
        }
        finally
        {
            // Closing the session would release the lock anyway; the explicit unlock returns a clean connection to the pool.
            await _conn.DisposeAsync();
        }
    }
}
