namespace Quarry.Server.Results.Exports;

/// <summary>
/// Where export writers put their bytes: memory that <see cref="DrainToAsync"/> empties into the response after every
/// page. The writers (OpenXmlWriter, the ZIP deflater) are synchronous, and ASP.NET forbids synchronous writes to the
/// response; writing here and draining asynchronously keeps both, and holds at most one page of output.
/// </summary>
public sealed class ExportBuffer : Stream
{
    private readonly MemoryStream _bytes = new();

    public long Buffered => _bytes.Length;

    public async Task DrainToAsync(Stream destination, CancellationToken ct)
    {
        if (_bytes.Length == 0)
            return;
        await destination.WriteAsync(_bytes.GetBuffer().AsMemory(0, (int)_bytes.Length), ct);
        await destination.FlushAsync(ct);
        _bytes.SetLength(0);
    }

    public override void Write(byte[] buffer, int offset, int count) => _bytes.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _bytes.Write(buffer);

    public override void WriteByte(byte value) => _bytes.WriteByte(value);

    public override void Flush()
    {
    }

    // Write-only and not seekable, like the response it stands for: the ZIP writer then streams its entries.
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
