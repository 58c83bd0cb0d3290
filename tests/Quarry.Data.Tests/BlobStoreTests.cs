using System.Security.Cryptography;
using Dapper;
using Quarry.Data.Blobs;

namespace Quarry.Data.Tests;

/// <summary>
/// The contract every blob store keeps (<c>Quarry:Blobs:Store</c> = folder or database), on the run's database. Two
/// instances over one folder or one database stand for two processes sharing the store.
/// </summary>
public sealed class BlobStoreTests(DataFixture fx) : IClassFixture<DataFixture>
{
    public static TheoryData<string> Stores => new() { "folder", "database" };

    // Small chunks, so a few kilobytes already span several.
    private const int ChunkBytes = 1000;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "quarry-blob-tests", Guid.NewGuid().ToString("N"));

    private IBlobStore Open(string kind) => kind == "folder"
        ? new FileBlobStore(_folder)
        : new DatabaseBlobStore(fx.Db, TimeProvider.System, ChunkBytes);

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Bytes_come_back_as_they_went_in_under_their_sha256(string kind)
    {
        var store = Open(kind);
        foreach (var size in new[] { 1, ChunkBytes, 2 * ChunkBytes, 2 * ChunkBytes + 500 })
        {
            var bytes = RandomBytes(size);
            var blob = await store.PutAsync(new MemoryStream(bytes), long.MaxValue, default);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), blob.Sha256);
            Assert.Equal(size, blob.Size);
            Assert.True(blob.Created);
            Assert.Equal(bytes, await ReadAllAsync(store, blob.Sha256));
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_read_stream_seeks_back_to_the_start_as_readers_do_after_sniffing(string kind)
    {
        var store = Open(kind);
        var bytes = RandomBytes(3 * ChunkBytes + 7);
        var blob = await store.PutAsync(new MemoryStream(bytes), long.MaxValue, default);
        await using var stream = (await store.OpenReadAsync(blob.Sha256, default))!;
        Assert.True(stream.CanSeek);
        Assert.Equal(bytes.Length, stream.Length);
        var header = new byte[16];
        await stream.ReadExactlyAsync(header);
        stream.Position = 0;
        var all = new byte[bytes.Length];
        stream.ReadExactly(all); // synchronously, as some readers do
        Assert.Equal(bytes, all);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_same_bytes_are_stored_once_and_deleting_removes_them(string kind)
    {
        var store = Open(kind);
        var bytes = RandomBytes(2500);
        var first = await store.PutAsync(new MemoryStream(bytes), long.MaxValue, default);
        var second = await Open(kind).PutAsync(new MemoryStream(bytes), long.MaxValue, default);
        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Sha256, second.Sha256);

        await store.DeleteAsync(first.Sha256, default);
        Assert.Null(await store.OpenReadAsync(first.Sha256, default));
        Assert.Null(await Open(kind).OpenReadAsync(first.Sha256, default));
        await store.DeleteAsync(first.Sha256, default); // deleting what is gone is not an error
        Assert.Equal(0, await LeftoversAsync(kind));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Content_over_the_limit_is_refused_and_leaves_nothing_behind(string kind)
    {
        var store = Open(kind);
        var bytes = RandomBytes(5 * ChunkBytes);
        var e = await Assert.ThrowsAsync<BlobTooLargeException>(() => store.PutAsync(new MemoryStream(bytes), 3 * ChunkBytes + 1, default));
        Assert.Equal(3 * ChunkBytes + 1, e.Limit);
        Assert.Null(await store.OpenReadAsync(Convert.ToHexStringLower(SHA256.HashData(bytes)), default));
        Assert.Equal(0, await LeftoversAsync(kind));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Empty_content_and_unknown_addresses(string kind)
    {
        var store = Open(kind);
        var empty = await store.PutAsync(new MemoryStream(), long.MaxValue, default);
        Assert.Equal(0, empty.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([])), empty.Sha256);
        Assert.Empty(await ReadAllAsync(store, empty.Sha256));
        Assert.Null(await store.OpenReadAsync(new string('0', 64), default));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Two_processes_storing_the_same_bytes_at_once_both_get_them_and_one_creates_them(string kind)
    {
        var bytes = RandomBytes(4 * ChunkBytes + 1);
        var puts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Open(kind).PutAsync(new MemoryStream(bytes), long.MaxValue, default))));
        Assert.Single(puts.Select(p => p.Sha256).Distinct());
        Assert.Equal(1, puts.Count(p => p.Created));
        Assert.Equal(bytes, await ReadAllAsync(Open(kind), puts[0].Sha256));
        Assert.Equal(0, await LeftoversAsync(kind));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_blob_larger_than_what_is_read_into_memory_streams_through(string kind)
    {
        // 5 MiB: the database store copies blobs over 4 MiB to a temporary file rather than memory.
        var store = kind == "folder" ? Open(kind) : new DatabaseBlobStore(fx.Db, TimeProvider.System);
        var bytes = RandomBytes(5 << 20);
        var blob = await store.PutAsync(new MemoryStream(bytes), long.MaxValue, default);
        Assert.Equal(bytes, await ReadAllAsync(store, blob.Sha256));
        await store.DeleteAsync(blob.Sha256, default);
    }

    private static byte[] RandomBytes(int n)
    {
        var bytes = new byte[n];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]> ReadAllAsync(IBlobStore store, string sha)
    {
        await using var stream = await store.OpenReadAsync(sha, default);
        Assert.NotNull(stream);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>Half-written blobs left behind: temporary files, or chunks under a temporary key.</summary>
    private async Task<long> LeftoversAsync(string kind)
    {
        if (kind == "folder")
            return Directory.EnumerateFiles(Path.Combine(_folder, "tmp")).LongCount();
        await using var conn = await fx.Db.OpenAsync(default);
        return await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM blob_chunks WHERE blob_key LIKE 'tmp-%'");
    }
}
