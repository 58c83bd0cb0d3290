using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Quarry.Core.Documents;
using Quarry.Core.Readers;
using Quarry.Testing;

namespace Quarry.Core.Tests;

public class GzipReaderTests
{
    private static Task<DocumentContent> Read(byte[] gz, string name, RecordingChildSink? sink, int depth = 0, ReaderLimits? limits = null) =>
        new GzipReader().ReadAsync(new MemoryStream(gz), new ReadContext(name, limits ?? new ReaderLimits(), depth, sink), CancellationToken.None);

    private static async Task<DocumentReadException> Fails(byte[] gz, RecordingChildSink sink, int depth = 0, ReaderLimits? limits = null) =>
        await Assert.ThrowsAsync<DocumentReadException>(() => Read(gz, "x.gz", sink, depth, limits));

    private static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            gz.Write(content);
        return buffer.ToArray();
    }

    /// <summary>Adds the optional FNAME field (RFC 1952) that GZipStream does not write.</summary>
    private static byte[] WithStoredName(byte[] gz, string name)
    {
        var copy = gz.ToArray();
        copy[3] |= 8;
        return [.. copy[..10], .. Encoding.Latin1.GetBytes(name), 0, .. copy[10..]];
    }

    [Fact]
    public void ReadsGzipOnly() => Assert.True(new GzipReader().CanRead(new SniffResult("application/gzip", "gzip")));

    [Fact]
    public async Task TheMemberBecomesOneChildNamedWithoutTheSuffix()
    {
        var pdf = TestPdf.Simple("Invoice 42");
        var sink = new RecordingChildSink();

        var content = await Read(Gzip(pdf), "scans/invoice.pdf.gz", sink);

        Assert.Equal(["invoice.pdf"], sink.Names.ToArray());
        Assert.Equal(pdf, sink["invoice.pdf"]);
        Assert.Equal($"invoice.pdf ({pdf.Length} bytes)", content.Pages.Single().Lines.Single().Text);
    }

    [Fact]
    public async Task WithoutAChildSinkTheMemberIsStillCountedAndChecked()
    {
        var content = await Read(Gzip(new byte[12345]), "data.gz", sink: null);
        Assert.Equal("- data (12345 bytes)\n", content.Markdown);
    }

    [Theory]
    [InlineData("invoice.pdf.gz", null, "invoice.pdf")]
    [InlineData("INVOICE.PDF.GZ", null, "INVOICE.PDF")]
    [InlineData("backup.tgz", null, "backup.tar")]
    [InlineData("download", "invoice.pdf", "invoice.pdf")]
    [InlineData("download", "../../etc/passwd", "passwd")]
    [InlineData("download", null, "download")]
    [InlineData(".gz", null, "unpacked")]
    public void MemberNames(string fileName, string? stored, string expected) =>
        Assert.Equal(expected, GzipReader.MemberName(fileName, stored));

    [Fact]
    public async Task TheNameStoredInTheHeaderNamesAMemberOfAFileWithoutGzSuffix()
    {
        var sink = new RecordingChildSink();
        await Read(WithStoredName(Gzip("hello"u8.ToArray()), "notes.txt"), "download", sink);
        Assert.Equal("hello", Encoding.UTF8.GetString(sink["notes.txt"]));
    }

    [Fact]
    public async Task AGzipBombStopsAtTheRatioLimitWhileCopying()
    {
        var bomb = Gzip(new byte[50 << 20]);
        var sink = new RecordingChildSink();

        var clock = Stopwatch.StartNew();
        var e = await Fails(bomb, sink);

        Assert.Equal(DocumentErrorCodes.ArchiveLimitExceeded, e.Code);
        Assert.Contains("gzip bomb", e.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Children);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task TheSizeLimitHoldsWhateverTheRatio()
    {
        var random = new byte[5000];
        new Random(7).NextBytes(random);
        var e = await Fails(Gzip(random), new RecordingChildSink(), limits: new ReaderLimits(MaxUncompressedBytes: 4096));
        Assert.Equal(DocumentErrorCodes.ArchiveLimitExceeded, e.Code);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.95)]
    public async Task ATruncatedGzipIsCorrupt(double keep)
    {
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var gz = Gzip(text);
        var e = await Fails(gz[..(int)(gz.Length * keep)], new RecordingChildSink());
        Assert.Equal(DocumentErrorCodes.CorruptFile, e.Code);
    }

    [Fact]
    public async Task ATooShortGzipIsCorrupt()
    {
        var e = await Fails([0x1F, 0x8B, 8, 0], new RecordingChildSink());
        Assert.Equal(DocumentErrorCodes.CorruptFile, e.Code);
    }

    [Fact]
    public async Task GarbageDeflateDataIsCorrupt()
    {
        byte[] gz = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, .. Enumerable.Repeat((byte)0xFF, 64), 0, 0, 0, 0, 0, 0, 0, 0];
        var e = await Fails(gz, new RecordingChildSink());
        Assert.Equal(DocumentErrorCodes.CorruptFile, e.Code);
    }

    [Fact]
    public async Task AGzipAtTheNestingDepthLimitIsNotUnpacked()
    {
        var sink = new RecordingChildSink();
        var e = await Fails(Gzip("hello"u8.ToArray()), sink, depth: new ReaderLimits().MaxNestingDepth);
        Assert.Equal(DocumentErrorCodes.ArchiveLimitExceeded, e.Code);
        Assert.Contains("nesting depth", e.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Children);
    }
}
