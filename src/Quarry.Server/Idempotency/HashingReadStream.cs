namespace Quarry.Server.Idempotency;

/// <summary>The request body as the handler reads it, every byte also fed to a <see cref="RequestHash"/>: no copy, no buffering.</summary>
public sealed class HashingReadStream(Stream inner, RequestHash hash) : Stream
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var n = await inner.ReadAsync(buffer, ct);
        hash.Append(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        hash.Append(buffer.AsSpan(offset, n));
        return n;
    }

    /// <summary>Reads what the handler left unread, so the hash covers the whole body.</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        var chunk = new byte[16 * 1024];
        while (await ReadAsync(chunk, ct) > 0)
        {
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
