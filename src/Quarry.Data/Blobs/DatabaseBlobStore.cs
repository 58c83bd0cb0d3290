using System.Security.Cryptography;
using Dapper;

namespace Quarry.Data.Blobs;

/// <summary>
/// Blobs in the database (<c>Quarry:Blobs:Store = database</c>): every process that reaches the database reaches the
/// blobs, with no shared folder. A blob is stored as chunks of <see cref="DefaultChunkBytes"/>, so memory stays at one
/// chunk whatever the file's size: while the bytes stream in and are hashed, chunks go in under a temporary key (each
/// insert its own statement, so a slow upload holds no transaction); once the hash is known, one short transaction
/// renames them to it — or drops them when those bytes are stored already. A failed write removes its chunks; a
/// process killed mid-write leaves chunks under a temporary key that no blob names (as the folder store leaves a
/// temporary file).
/// </summary>
public sealed class DatabaseBlobStore(QuarryDatabase db, TimeProvider time, int chunkBytes = DatabaseBlobStore.DefaultChunkBytes) : IBlobStore
{
    public const int DefaultChunkBytes = 1 << 20;

    /// <summary>Blobs up to this size are read into memory; larger ones are copied to a temporary file that deletes itself on close.</summary>
    private const int InMemoryReadBytes = 4 << 20;

    public async Task<BlobRef> PutAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        var temporaryKey = "tmp-" + Guid.NewGuid().ToString("N");
        var now = Clock.Now(time);
        try
        {
            long size = 0;
            var chunks = 0;
            string sha;
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            await using (var conn = await db.OpenAsync(ct))
            {
                var buffer = new byte[chunkBytes];
                int read;
                do
                {
                    read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
                    if (read == 0)
                        break;
                    size += read;
                    if (size > maxBytes)
                        throw new BlobTooLargeException(maxBytes);
                    hash.AppendData(buffer, 0, read);
                    await conn.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO blob_chunks (blob_key, seq, data, created_at) VALUES (@temporaryKey, @seq, @data, @now)",
                        new { temporaryKey, seq = chunks, data = read == buffer.Length ? buffer : buffer[..read], now }, cancellationToken: ct));
                    chunks++;
                } while (read == buffer.Length);
                sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            await using (var conn = await db.OpenAsync(ct))
            await using (var tx = await conn.BeginTransactionAsync(ct))
            {
                // Two processes storing the same bytes at once: the primary key lets one name the blob; the other drops its copy.
                var created = await conn.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO blobs (sha256, size_bytes, chunks, created_at) VALUES (@sha, @size, @chunks, @now) ON CONFLICT (sha256) DO NOTHING",
                    new { sha, size, chunks, now }, tx, cancellationToken: ct)) == 1;
                await conn.ExecuteAsync(new CommandDefinition(
                    created
                        ? "UPDATE blob_chunks SET blob_key = @sha WHERE blob_key = @temporaryKey"
                        : "DELETE FROM blob_chunks WHERE blob_key = @temporaryKey",
                    new { sha, temporaryKey }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                return new BlobRef(sha, size, created);
            }
        }
        catch
        {
            await DeleteChunksAsync(temporaryKey);
            throw;
        }
    }

    public async Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var b = await conn.QuerySingleOrDefaultAsync<BlobRow>(new CommandDefinition(
            "SELECT size_bytes, chunks FROM blobs WHERE sha256 = @sha256", new { sha256 }, cancellationToken: ct));
        if (b is null)
            return null;
        // Readers seek (back to the start after sniffing the header) and some read synchronously: a plain local
        // stream serves both, which a stream over the database could not.
        Stream copy = b.SizeBytes <= InMemoryReadBytes
            ? new MemoryStream((int)b.SizeBytes)
            : new FileStream(Path.Combine(Path.GetTempPath(), "quarry-blob-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew, FileAccess.ReadWrite,
                FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            for (var seq = 0; seq < b.Chunks; seq++)
            {
                // One chunk per query: memory holds one chunk at a time.
                var data = await conn.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(
                    "SELECT data FROM blob_chunks WHERE blob_key = @sha256 AND seq = @seq", new { sha256, seq }, cancellationToken: ct));
                if (data is null)
                {
                    // Deleted while being read: as missing as a blob that never was.
                    await copy.DisposeAsync();
                    return null;
                }
                await copy.WriteAsync(data, ct);
            }
            copy.Position = 0;
            return copy;
        }
        catch
        {
            await copy.DisposeAsync();
            throw;
        }
    }

    public async Task DeleteAsync(string sha256, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM blobs WHERE sha256 = @sha256", new { sha256 }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM blob_chunks WHERE blob_key = @sha256", new { sha256 }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    private sealed class BlobRow
    {
        public long SizeBytes { get; init; }
        public int Chunks { get; init; }
    }

    private async Task DeleteChunksAsync(string temporaryKey)
    {
        try
        {
            await using var conn = await db.OpenAsync(CancellationToken.None);
            await conn.ExecuteAsync("DELETE FROM blob_chunks WHERE blob_key = @temporaryKey", new { temporaryKey });
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            // The write already failed; its leftover chunks are named by no blob and harm nothing.
        }
    }
}
