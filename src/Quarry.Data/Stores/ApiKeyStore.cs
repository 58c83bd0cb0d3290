using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace Quarry.Data.Stores;

/// <summary>A key as created: the secret is in <see cref="Key"/> and nowhere else, ever.</summary>
public sealed record CreatedApiKey(ApiKeyRecord Record, string Key);

/// <summary>The organization and key a request authenticated as.</summary>
public sealed class ApiKeyIdentity
{
    public Guid KeyId { get; init; }
    public Guid OrganizationId { get; init; }
}

/// <summary>API keys: random, shown once, stored as SHA-256 only, revocable.</summary>
public sealed class ApiKeyStore(QuarryDatabase db, TimeProvider time)
{
    public const string KeyPrefix = "qk_";
    private const int SecretBytes = 32;

    public async Task<CreatedApiKey> CreateAsync(Guid organizationId, string? name, CancellationToken ct)
    {
        var key = KeyPrefix + Base62(RandomNumberGenerator.GetBytes(SecretBytes));
        var record = new ApiKeyRecord
        {
            Id = Guid.NewGuid(),
            OrganizationId = organizationId,
            Name = name,
            Prefix = key[..(KeyPrefix.Length + 6)],
            CreatedAt = Clock.Now(time),
        };
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_keys (id, organization_id, name, prefix, key_hash, created_at) VALUES (@Id, @OrganizationId, @Name, @Prefix, @hash, @CreatedAt)",
            new { record.Id, record.OrganizationId, record.Name, record.Prefix, hash = Hash(key), record.CreatedAt }, cancellationToken: ct));
        return new CreatedApiKey(record, key);
    }

    /// <summary>The identity of a presented key, or null when it is unknown, malformed or revoked.</summary>
    public async Task<ApiKeyIdentity?> AuthenticateAsync(string presented, CancellationToken ct)
    {
        if (!presented.StartsWith(KeyPrefix, StringComparison.Ordinal) || presented.Length > 200)
            return null;
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ApiKeyIdentity>(new CommandDefinition(
            "SELECT id AS key_id, organization_id FROM api_keys WHERE key_hash = @hash AND revoked_at IS NULL",
            new { hash = Hash(presented) }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string? organizationName, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<ApiKeyRecord>(new CommandDefinition(
            """
            SELECT k.id, k.organization_id, o.name AS organization_name, k.name, k.prefix, k.created_at, k.last_used_at, k.revoked_at
            FROM api_keys k JOIN organizations o ON o.id = k.organization_id
            WHERE @org IS NULL OR o.name = @org
            ORDER BY o.name, k.created_at
            """, new { org = organizationName }, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>Revokes a key by id or by its displayed prefix. Returns false when no active key matched.</summary>
    public async Task<bool> RevokeAsync(string idOrPrefix, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var byId = Guid.TryParse(idOrPrefix, out var id);
        var n = await conn.ExecuteAsync(new CommandDefinition(
            byId ? "UPDATE api_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL"
                 // A prefix revokes only when it names exactly one key.
                 : "UPDATE api_keys SET revoked_at = @now WHERE prefix = @prefix AND revoked_at IS NULL AND (SELECT COUNT(*) FROM api_keys WHERE prefix = @prefix) = 1",
            new { now = Clock.Now(time), id, prefix = idOrPrefix }, cancellationToken: ct));
        return n > 0;
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base62(byte[] bytes)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var n = new System.Numerics.BigInteger(bytes, isUnsigned: true);
        var sb = new StringBuilder();
        while (n > 0)
        {
            sb.Insert(0, alphabet[(int)(n % 62)]);
            n /= 62;
        }
        return sb.ToString().PadLeft(43, '0');
    }
}
