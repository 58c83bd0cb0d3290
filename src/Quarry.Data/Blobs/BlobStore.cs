using System.Security.Cryptography;

namespace Quarry.Data.Blobs;

/// <summary>A stored blob: its SHA-256 (lowercase hex), which is also its address, its size, and whether this write created it.</summary>
public sealed record BlobRef(string Sha256, long Size, bool Created = true);

/// <summary>Content-addressed storage of bytes: the same bytes are stored once, under their SHA-256.</summary>
public interface IBlobStore
{
    /// <summary>Stores a stream, hashing as it copies; stops with <see cref="BlobTooLargeException"/> past <paramref name="maxBytes"/>.</summary>
    Task<BlobRef> PutAsync(Stream content, long maxBytes, CancellationToken ct);

    Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct);

    Task DeleteAsync(string sha256, CancellationToken ct);
}

public sealed class BlobTooLargeException(long limit) : Exception($"The content is larger than {limit} bytes.")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// Blobs as files under a folder: <c>ab/cd/abcdef…</c>. Writes go to a temporary file first and are moved into place,
/// so a crash never leaves a half blob under a valid name. Several processes may share the folder (a network share
/// mounted by every machine): <c>Quarry:Blobs:Path</c>.
/// </summary>
public sealed class FileBlobStore : IBlobStore
{
    private readonly string _root;

    public FileBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(_root, "tmp"));
    }

    public async Task<BlobRef> PutAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        var tmp = Path.Combine(_root, "tmp", Guid.NewGuid().ToString("N"));
        long size = 0;
        string sha;
        try
        {
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            await using (var file = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                        throw new BlobTooLargeException(maxBytes);
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            var path = PathOf(sha);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            try
            {
                // Never overwriting: of several processes storing the same bytes into a shared folder at once, exactly
                // one creates the blob, and a reader never sees the file replaced under it.
                File.Move(tmp, path, overwrite: false);
                return new BlobRef(sha, size, Created: true);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(tmp);
                return new BlobRef(sha, size, Created: false);
            }
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct)
    {
        var path = PathOf(sha256);
        Stream? s = File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
        return Task.FromResult(s);
    }

    public Task DeleteAsync(string sha256, CancellationToken ct)
    {
        File.Delete(PathOf(sha256));
        return Task.CompletedTask;
    }

    private string PathOf(string sha256)
    {
        // The address is our own hex hash; refuse anything else so no caller can reach outside the folder.
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException("A blob address is 64 lowercase hex digits.", nameof(sha256));
        return Path.Combine(_root, sha256[..2], sha256[2..4], sha256);
    }
}
