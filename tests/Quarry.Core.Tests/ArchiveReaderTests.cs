using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Quarry.Core.Documents;
using Quarry.Core.Readers;
using Quarry.Testing;

namespace Quarry.Core.Tests;

public class ArchiveReaderTests
{
    private static readonly byte[] Pdf = TestPdf.Simple("Invoice 42");

    private static Task<DocumentContent> Read(byte[] zip, RecordingChildSink? sink, int depth = 0, ReaderLimits? limits = null) =>
        new ArchiveReader().ReadAsync(new MemoryStream(zip), new ReadContext("files.zip", limits ?? new ReaderLimits(), depth, sink),
            CancellationToken.None);

    private static async Task<DocumentReadException> Fails(byte[] zip, RecordingChildSink? sink = null, int depth = 0, ReaderLimits? limits = null) =>
        await Assert.ThrowsAsync<DocumentReadException>(() => Read(zip, sink, depth, limits));

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void ReadsZipsOnly()
    {
        Assert.True(new ArchiveReader().CanRead(new SniffResult("application/zip", "zip")));
        Assert.False(new ArchiveReader().CanRead(new SniffResult("application/gzip", "gzip")));
    }

    [Fact]
    public async Task EveryFileEntryBecomesAChildAndTheArchiveIsTheirListing()
    {
        var zip = TestZip.Make(
            ("a/", []),
            ("a/b/invoice.pdf", Pdf),
            ("notes.txt", Utf8("Total: 12.00")),
            ("__MACOSX/a/b/._invoice.pdf", [1, 2, 3]),
            ("a/._notes.txt", [1, 2, 3]),
            ("a/.DS_Store", [0, 0, 0]));
        var sink = new RecordingChildSink();

        var content = await Read(zip, sink);

        Assert.Equal(["a/b/invoice.pdf", "notes.txt"], sink.Names.ToArray());
        Assert.Equal(Pdf, sink["a/b/invoice.pdf"]);
        Assert.Equal("Total: 12.00", Encoding.UTF8.GetString(sink["notes.txt"]));
        Assert.Equal([$"a/b/invoice.pdf ({Pdf.Length} bytes)", "notes.txt (12 bytes)"],
            content.Pages.Single().Lines.Select(l => l.Text).ToArray());
        Assert.Equal($"- a/b/invoice.pdf ({Pdf.Length} bytes)\n- notes.txt (12 bytes)\n", content.Markdown);
    }

    [Fact]
    public async Task WithoutAChildSinkTheEntriesAreOnlyListed()
    {
        var content = await Read(TestZip.Make(("x.txt", Utf8("hello"))), sink: null);
        Assert.Equal("x.txt (5 bytes)", content.Pages.Single().Lines.Single().Text);
    }

    [Fact]
    public async Task MarkdownEscapesNamesThatWouldFormat()
    {
        var content = await Read(TestZip.Make(("*bold*_x_[1].txt", [])), sink: null);
        Assert.Equal("- \\*bold\\*\\_x\\_\\[1\\].txt (0 bytes)\n", content.Markdown);
    }

    [Fact]
    public async Task AnEmptyArchiveIsAnEmptyListing()
    {
        var sink = new RecordingChildSink();
        var content = await Read(TestZip.Make(), sink);
        Assert.Empty(sink.Children);
        Assert.Equal("", content.Markdown);
        Assert.Equal(0, content.WordCount);
    }

    [Fact]
    public async Task ANestedZipIsHandedOverWholeAndUnpackedOneLevelDeeperUntilTheDepthLimit()
    {
        var inner = TestZip.Make(("deep/invoice.pdf", Pdf));
        var outer = TestZip.Make(("inner.zip", inner));

        var top = new RecordingChildSink();
        await Read(outer, top, depth: 0);
        Assert.Equal(["inner.zip"], top.Names.ToArray());
        Assert.Equal(inner, top["inner.zip"]);

        var second = new RecordingChildSink();
        await Read(top["inner.zip"], second, depth: 1);
        Assert.Equal(Pdf, second["deep/invoice.pdf"]);

        var limits = new ReaderLimits();
        var third = new RecordingChildSink();
        var e = await Fails(top["inner.zip"], third, depth: limits.MaxNestingDepth);
        Assert.Equal(DocumentErrorCodes.ArchiveLimitExceeded, e.Code);
        Assert.Contains("nesting depth", e.Message, StringComparison.Ordinal);
        Assert.Empty(third.Children);
    }

    [Fact]
    public async Task ZipSlipNamesBecomeSafeNames()
    {
        var zip = TestZip.Make(
            ("../../etc/passwd", Utf8("root")),
            ("/abs/x.txt", Utf8("abs")),
            ("C:\\win\\x.txt", Utf8("win")),
            ("a/./b/../c.txt", Utf8("c")));
        var sink = new RecordingChildSink();

        var content = await Read(zip, sink);

        Assert.Equal(["etc/passwd", "abs/x.txt", "win/x.txt", "a/c.txt"], sink.Names.ToArray());
        Assert.Equal("root", Encoding.UTF8.GetString(sink["etc/passwd"]));
        Assert.DoesNotContain("..", content.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AZipBombIsRefusedFromItsDirectoryWithoutUnpacking()
    {
        var zeros = new byte[100 << 20];
        var bomb = TestZip.Make(CompressionLevel.SmallestSize, ("zeros.bin", zeros));
        Assert.True(bomb.Length < zeros.Length / 200);
        var sink = new RecordingChildSink();

        var clock = Stopwatch.StartNew();
        var e = await Fails(bomb, sink);

        Assert.Equal(DocumentErrorCodes.ArchiveLimitExceeded, e.Code);
        Assert.Contains("ZIP bomb", e.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Children);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task MoreEntriesThanTheLimitAreRefused()
    {
        var limits = new ReaderLimits();
        var zip = TestZip.Make(Enumerable.Range(0, limits.MaxArchiveEntries + 1).Select(i => ($"f{i}.txt", Array.Empty<byte>())).ToArray());
        var sink = new RecordingChildSink();

        var e = await Fails(zip, sink);

        Assert.Equal(DocumentErrorCodes.ArchiveLimitExceeded, e.Code);
        Assert.Contains("1001 entries", e.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Children);
    }

    [Fact]
    public async Task EntriesAddingUpToMoreThanTheSizeLimitAreRefused()
    {
        var zip = TestZip.Make(("a.txt", new byte[600]), ("b.txt", new byte[600]));
        var e = await Fails(zip, new RecordingChildSink(), limits: new ReaderLimits(MaxUncompressedBytes: 1000));
        Assert.Equal(DocumentErrorCodes.ArchiveLimitExceeded, e.Code);
    }

    [Fact]
    public async Task AStoredEntryThatUnpacksToMoreThanItsHeaderDeclaresIsStoppedByTheBoundedStream()
    {
        // .NET reads a stored entry by its compressed size; only the bound on the declared size stops the surplus.
        var zip = TestZip.WithDeclaredSize(TestZip.Make(CompressionLevel.NoCompression, ("a.txt", new byte[50_000])), 10);
        var sink = new RecordingChildSink();

        var e = await Fails(zip, sink);

        Assert.Equal(DocumentErrorCodes.ArchiveLimitExceeded, e.Code);
        Assert.Contains("a.txt", e.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Children);
    }

    [Fact]
    public async Task ADeflatedEntryWhoseHeaderUnderstatesItsSizeFailsItsChecksum()
    {
        // .NET stops a deflated entry silently at the declared size; the CRC-32 tells the cut content from the real one.
        var zip = TestZip.WithDeclaredSize(TestZip.Make(("a.txt", Utf8(string.Concat(Enumerable.Repeat("Invoice 42 ", 5000))))), 100);
        var sink = new RecordingChildSink();

        var e = await Fails(zip, sink);

        Assert.Equal(DocumentErrorCodes.CorruptFile, e.Code);
        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Children);
    }

    [Fact]
    public async Task ADamagedEntryFailsItsChecksum()
    {
        var zip = TestZip.Make(CompressionLevel.NoCompression, ("a.txt", Utf8("Total: 12.00")));
        // The first content byte: after the 30-byte local header, the name and the extra field.
        zip[30 + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(28))] ^= 0xFF;
        var e = await Fails(zip, new RecordingChildSink());
        Assert.Equal(DocumentErrorCodes.CorruptFile, e.Code);
        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public async Task ATruncatedZipIsCorrupt(double keep)
    {
        var zip = TestZip.Make(("a/b/invoice.pdf", Pdf), ("notes.txt", Utf8("Total")));
        var e = await Fails(zip[..(int)(zip.Length * keep)], new RecordingChildSink());
        Assert.Equal(DocumentErrorCodes.CorruptFile, e.Code);
    }

    [Fact]
    public async Task GarbageAfterTheZipSignatureIsCorrupt()
    {
        var garbage = "PK\u0003\u0004"u8.ToArray().Concat(Enumerable.Range(0, 500).Select(i => (byte)(i * 37))).ToArray();
        var e = await Fails(garbage, new RecordingChildSink());
        Assert.Equal(DocumentErrorCodes.CorruptFile, e.Code);
    }

    [Fact]
    public async Task AnEncryptedEntryRefusesTheWholeArchiveBeforeAnythingIsHandedOver()
    {
        var zip = TestZip.WithEncryptedFlag(TestZip.Make(("secret.pdf", Pdf), ("plain.txt", Utf8("hello"))));
        var sink = new RecordingChildSink();

        var e = await Fails(zip, sink);

        Assert.Equal(DocumentErrorCodes.EncryptedFile, e.Code);
        Assert.Contains("secret.pdf", e.Message, StringComparison.Ordinal);
        Assert.Contains("password", e.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Children);
    }
}
