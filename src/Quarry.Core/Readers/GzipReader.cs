using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>
/// A gzip file holds one file: it becomes the only child, named without the ".gz". Gzip has no size header worth
/// trusting (the trailer's size is modulo 4 GiB and comes last), so bytes are counted as they come out, bounded
/// by the size limit and by the compression ratio, and the trailer's CRC-32 is checked at the end because .NET
/// returns a truncated file's beginning without an error. Files of several gzip members (concatenations) fail the
/// CRC check: the trailer only covers the last member.
/// </summary>
public sealed class GzipReader : IDocumentReader
{
    /// <summary>Below this the ratio is not held against a file (as in <see cref="ZipGuard"/>): a small file of spaces compresses well.</summary>
    private const long RatioFloorBytes = 1 << 20;

    /// <summary>10-byte header, empty deflate data, 8-byte trailer.</summary>
    private const int MinLength = 20;

    public bool CanRead(SniffResult type) => type.Kind == "gzip";

    public async Task<DocumentContent> ReadAsync(Stream file, ReadContext context, CancellationToken ct)
    {
        var limits = context.Limits;
        if (context.Depth >= limits.MaxNestingDepth)
            throw new DocumentReadException(DocumentErrorCodes.ArchiveLimitExceeded,
                string.Create(CultureInfo.InvariantCulture,
                    $"The gzip file sits {context.Depth} levels deep inside other containers; the nesting depth limit is {limits.MaxNestingDepth}, so it is not unpacked."));

        var start = file.Position;
        var compressed = file.Length - start;
        if (compressed < MinLength)
            throw new DocumentReadException(DocumentErrorCodes.CorruptFile, "The gzip file is truncated.");
        var storedName = await ReadStoredNameAsync(file, ct);
        var crc = await ReadTrailerCrcAsync(file, ct);
        file.Position = start;

        var name = MemberName(context.FileName, storedName);
        var ratioBound = compressed * limits.MaxCompressionRatio;
        var limit = Math.Min(limits.MaxUncompressedBytes, Math.Max(RatioFloorBytes, ratioBound >= long.MaxValue ? long.MaxValue : (long)ratioBound));
        var overLimit = string.Create(CultureInfo.InvariantCulture,
            $"The gzip file unpacks to more than {limit} bytes: the limits are {limits.MaxUncompressedBytes} bytes and {limits.MaxCompressionRatio}× its compressed size of {compressed} bytes (a gzip bomb?).");

        await using var member = new MemberStream(new GZipStream(file, CompressionMode.Decompress, leaveOpen: true), name, limit, overLimit, crc);
        if (context.Children is not null)
            await context.Children.AddAsync(name, member, ct);
        await member.FinishAsync(ct);
        return MemberListing.Render([new ListedMember(name, member.BytesRead)]);
    }

    /// <summary>"a.pdf.gz" holds "a.pdf", "x.tgz" holds "x.tar"; otherwise the name the gzip header stored, else the file's own name.</summary>
    internal static string MemberName(string fileName, string? storedName)
    {
        var file = EntryNames.FileName(fileName, "");
        string? stem = null;
        if (file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            stem = file[..^3];
        else if (file.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase))
            stem = file[..^4] + ".tar";
        if (stem is { Length: > 0 })
            return stem;
        // A file named just ".gz" names nothing; one without the suffix could be the member itself.
        return EntryNames.FileName(storedName, stem is null && file.Length > 0 ? file : "unpacked");
    }

    /// <summary>The optional FNAME field of the header (RFC 1952 §2.3): Latin-1, NUL-terminated, after the optional extra field.</summary>
    private static async Task<string?> ReadStoredNameAsync(Stream file, CancellationToken ct)
    {
        var header = new byte[4096];
        var n = await file.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct);
        var span = header.AsSpan(0, n);
        const byte FExtra = 4, FName = 8;
        if (span.Length < 10 || (span[3] & FName) == 0)
            return null;
        var at = 10;
        if ((span[3] & FExtra) != 0)
        {
            if (span.Length < at + 2)
                return null;
            at += 2 + BinaryPrimitives.ReadUInt16LittleEndian(span[at..]);
        }
        if (at >= span.Length)
            return null;
        var end = span[at..].IndexOf((byte)0);
        return end < 0 ? null : Encoding.Latin1.GetString(span.Slice(at, end));
    }

    private static async Task<uint> ReadTrailerCrcAsync(Stream file, CancellationToken ct)
    {
        var trailer = new byte[8];
        file.Seek(-trailer.Length, SeekOrigin.End);
        await file.ReadExactlyAsync(trailer, ct);
        return BinaryPrimitives.ReadUInt32LittleEndian(trailer);
    }
}
