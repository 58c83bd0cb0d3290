namespace Quarry.Core.Readers;

/// <summary>
/// The stream a container member is handed over in. It counts the bytes that come out, fails once they pass
/// <c>limit</c> (the size and ratio bounds, for formats whose headers cannot be trusted), checks the CRC-32 at the
/// end where the container declares one, and turns the decompressor's <see cref="InvalidDataException"/> into
/// <c>corrupt_file</c> — the child sink reads it, so its errors must already speak the readers' language.
/// </summary>
internal sealed class MemberStream(Stream inner, string name, long limit = long.MaxValue, string? overLimitMessage = null, uint? expectedCrc = null) : Stream
{
    private uint _crc;
    private bool _ended;

    /// <summary>How many bytes have been read so far; the member's size once <see cref="FinishAsync"/> has run.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = inner.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(e.Message, e);
        }
        return Count(buffer[..n], buffer.Length);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n;
        try
        {
            n = await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(e.Message, e);
        }
        return Count(buffer.Span[..n], buffer.Length);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Reads whatever the consumer left, so the size is known and the checksum is checked even when it stopped early.</summary>
    public async Task FinishAsync(CancellationToken ct)
    {
        var buffer = new byte[81920];
        while (!_ended)
            _ = await ReadAsync(buffer, ct);
    }

    private int Count(ReadOnlySpan<byte> data, int requested)
    {
        BytesRead += data.Length;
        if (BytesRead > limit)
            throw new DocumentReadException(DocumentErrorCodes.ArchiveLimitExceeded,
                overLimitMessage ?? $"The member '{name}' unpacks to more than {limit} bytes.");
        _crc = Crc32.Append(_crc, data);
        if (data.Length == 0 && requested > 0 && !_ended)
        {
            _ended = true;
            if (expectedCrc is { } expected && expected != _crc)
                throw Corrupt("its content does not match its checksum (the file is damaged or truncated, or a header misstates the size)", null);
        }
        return data.Length;
    }

    private DocumentReadException Corrupt(string why, Exception? inner) =>
        new(DocumentErrorCodes.CorruptFile, $"The member '{name}' cannot be unpacked: {why}", inner);

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
