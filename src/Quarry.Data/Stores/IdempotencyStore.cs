using Dapper;

namespace Quarry.Data.Stores;

public enum IdempotencyOutcome { Began, InProgress, Completed }

/// <summary>A finished request remembered under its key: what it was (its hash) and what it answered.</summary>
public sealed class IdempotencyRecord
{
    public Guid OrganizationId { get; init; }
    public string IdempotencyKey { get; init; } = "";
    public string Status { get; init; } = "";
    public string Owner { get; init; } = "";
    public DateTimeOffset LockedUntil { get; init; }
    public string? RequestHash { get; init; }
    public int? ResponseStatus { get; init; }
    public string? ResponseHeaders { get; init; }
    public string? ResponseBody { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>
/// Idempotency keys in the database, so they hold across processes. A request takes its key 'pending' before it runs
/// (an insert the primary key lets only one request win), keeps it locked while it runs, and either completes it with
/// its response or releases it. A pending key whose lock ran out belonged to a process that died: the next request
/// with that key takes it over.
/// </summary>
public sealed class IdempotencyStore(QuarryDatabase db, TimeProvider time)
{
    public const string Pending = "pending";
    public const string Completed = "completed";

    private const string Columns =
        "organization_id, idempotency_key, status, owner, locked_until, request_hash, response_status, response_headers, response_body, created_at, expires_at";

    /// <summary>Takes the key for <paramref name="owner"/>, or says why not: another request holds it, or it already has an answer.</summary>
    public async Task<(IdempotencyOutcome Outcome, IdempotencyRecord? Record)> TryBeginAsync(
        Guid organizationId, string key, string owner, TimeSpan lockFor, TimeSpan keepFor, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        // A row vanishes between the insert and the read when its holder releases it: then try again.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = Clock.Now(time);
            var p = new { organizationId, key, owner, now, until = now + lockFor, expires = now + keepFor };
            await conn.ExecuteAsync(new CommandDefinition(
                "DELETE FROM idempotency_keys WHERE organization_id = @organizationId AND idempotency_key = @key AND expires_at <= @now",
                p, cancellationToken: ct));
            var inserted = await conn.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO idempotency_keys (organization_id, idempotency_key, status, owner, locked_until, created_at, expires_at)
                VALUES (@organizationId, @key, '{Pending}', @owner, @until, @now, @expires)
                ON CONFLICT (organization_id, idempotency_key) DO NOTHING
                """, p, cancellationToken: ct));
            if (inserted == 1)
                return (IdempotencyOutcome.Began, null);
            var takenOver = await conn.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE idempotency_keys SET owner = @owner, locked_until = @until
                WHERE organization_id = @organizationId AND idempotency_key = @key AND status = '{Pending}' AND locked_until < @now
                """, p, cancellationToken: ct));
            if (takenOver == 1)
                return (IdempotencyOutcome.Began, null);
            var existing = await conn.QuerySingleOrDefaultAsync<IdempotencyRecord>(new CommandDefinition(
                $"SELECT {Columns} FROM idempotency_keys WHERE organization_id = @organizationId AND idempotency_key = @key", p, cancellationToken: ct));
            if (existing is not null)
                return (existing.Status == Completed ? IdempotencyOutcome.Completed : IdempotencyOutcome.InProgress, existing);
        }
        return (IdempotencyOutcome.InProgress, null);
    }

    /// <summary>Extends the lock of a key this owner still holds. False when the key is no longer its own.</summary>
    public async Task<bool> RenewAsync(Guid organizationId, string key, string owner, TimeSpan lockFor, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            $"UPDATE idempotency_keys SET locked_until = @until WHERE organization_id = @organizationId AND idempotency_key = @key AND owner = @owner AND status = '{Pending}'",
            new { organizationId, key, owner, until = Clock.Now(time) + lockFor }, cancellationToken: ct)) == 1;
    }

    /// <summary>Stores the answer of the request that held the key; repeats get it from now on.</summary>
    public async Task<bool> CompleteAsync(Guid organizationId, string key, string owner, string requestHash, int status, string headersJson, string body, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE idempotency_keys SET status = '{Completed}', request_hash = @requestHash, response_status = @status,
                   response_headers = @headers, response_body = @body
            WHERE organization_id = @organizationId AND idempotency_key = @key AND owner = @owner AND status = '{Pending}'
            """, new { organizationId, key, owner, requestHash, status, headers = new JsonText(headersJson), body }, cancellationToken: ct)) == 1;
    }

    /// <summary>Gives the key up (the request failed or did nothing), so the same key may be sent again.</summary>
    public async Task ReleaseAsync(Guid organizationId, string key, string owner, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM idempotency_keys WHERE organization_id = @organizationId AND idempotency_key = @key AND owner = @owner AND status = '{Pending}'",
            new { organizationId, key, owner }, cancellationToken: ct));
    }

    public async Task<IdempotencyRecord?> GetAsync(Guid organizationId, string key, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<IdempotencyRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM idempotency_keys WHERE organization_id = @organizationId AND idempotency_key = @key",
            new { organizationId, key }, cancellationToken: ct));
    }

    /// <summary>Deletes keys past their retention. Returns how many went.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM idempotency_keys WHERE expires_at <= @now", new { now = Clock.Now(time) }, cancellationToken: ct));
    }
}
