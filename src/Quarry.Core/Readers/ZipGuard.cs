using System.IO.Compression;

namespace Quarry.Core.Readers;

/// <summary>
/// Defences for everything that is a ZIP inside (archives, DOCX, XLSX): entry count, total size and compression
/// ratio are checked against the central directory before anything is unpacked, and every entry is read through
/// a stream that stops at the size it declared — a lying header cannot unpack more than the limits allow.
/// </summary>
public static class ZipGuard
{
    /// <summary>Entries smaller than this are never treated as bombs, whatever their ratio (a tiny file of spaces compresses well).</summary>
    private const long RatioFloorBytes = 1 << 20;

    public static ZipArchive Open(Stream file, ReaderLimits limits, string what)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new DocumentReadException(DocumentErrorCodes.CorruptFile, $"The {what} is not a readable ZIP container: {e.Message}", e);
        }
        try
        {
            Check(zip, limits, what);
            return zip;
        }
        catch (InvalidDataException e)
        {
            // The central directory is read lazily, on the first look at the entries.
            zip.Dispose();
            throw new DocumentReadException(DocumentErrorCodes.CorruptFile, $"The {what} is not a readable ZIP container: {e.Message}", e);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    public static void Check(ZipArchive zip, ReaderLimits limits, string what)
    {
        if (zip.Entries.Count > limits.MaxArchiveEntries)
            throw new DocumentReadException(DocumentErrorCodes.ArchiveLimitExceeded,
                $"The {what} holds {zip.Entries.Count} entries; the limit is {limits.MaxArchiveEntries}.");
        long total = 0;
        foreach (var e in zip.Entries)
        {
            total += e.Length;
            if (total > limits.MaxUncompressedBytes)
                throw new DocumentReadException(DocumentErrorCodes.ArchiveLimitExceeded,
                    $"The {what} unpacks to more than {limits.MaxUncompressedBytes} bytes.");
            if (e.Length > RatioFloorBytes && e.Length > e.CompressedLength * limits.MaxCompressionRatio)
                throw new DocumentReadException(DocumentErrorCodes.ArchiveLimitExceeded,
                    $"The entry '{e.FullName}' of the {what} expands {e.Length / Math.Max(1, e.CompressedLength)}×; the limit is {limits.MaxCompressionRatio}× (a ZIP bomb?).");
        }
    }

    /// <summary>Opens an entry for reading, bounded by its declared size (and by <paramref name="max"/>).</summary>
    public static Stream OpenEntry(ZipArchiveEntry entry, long max)
    {
        try
        {
            return new BoundedStream(entry.Open(), Math.Min(entry.Length, max), entry.FullName);
        }
        catch (InvalidDataException e)
        {
            throw new DocumentReadException(DocumentErrorCodes.CorruptFile, $"The entry '{entry.FullName}' cannot be unpacked: {e.Message}", e);
        }
    }

    /// <summary>A read-only stream that fails once more than <c>limit</c> bytes come out of it.</summary>
    private sealed class BoundedStream(Stream inner, long limit, string name) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => limit;
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int n)
        {
            _read += n;
            if (_read > limit)
                throw new DocumentReadException(DocumentErrorCodes.ArchiveLimitExceeded,
                    $"The entry '{name}' unpacks to more than the {limit} bytes it declared or the limit allows.");
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
