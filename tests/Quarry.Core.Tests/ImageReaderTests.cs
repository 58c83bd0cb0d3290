using Quarry.Core.Documents;
using Quarry.Core.Readers;
using Quarry.Core.Readers.Ocr;
using Quarry.Testing;
using SixLabors.ImageSharp;

namespace Quarry.Core.Tests;

public class ImageReaderTests
{
    private static readonly TesseractOcrEngine Engine = new(new OcrOptions(Concurrency: 2));

    /// <summary>The top of the scanned invoice (heading to "Bill To"), 1653 × 520 px: small, so OCR is quick.</summary>
    private static readonly Lazy<Task<byte[]>> Top = new(() => Scans.Render(Scans.InvoicePdf, "-png", heightPx: 520));

    private static Task<DocumentContent> Read(byte[] image, IOcrEngine? ocr, ReaderLimits? limits = null) =>
        new ImageReader().ReadAsync(new MemoryStream(image), new ReadContext("scan", limits ?? new ReaderLimits(), Ocr: ocr), CancellationToken.None);

    private static async Task<DocumentReadException> Refused(byte[] image, IOcrEngine? ocr, ReaderLimits? limits = null) =>
        await Assert.ThrowsAsync<DocumentReadException>(() => Read(image, ocr, limits));

    /// <summary>The invoice top in each format: PNG, JPEG and TIFF as pdftoppm writes them, BMP, GIF and WebP converted by ImageSharp.</summary>
    private static async Task<byte[]> InFormat(string format)
    {
        if (format is "png" or "jpeg" or "tiff")
            return format == "png" ? await Top.Value : await Scans.Render(Scans.InvoicePdf, "-" + format, heightPx: 520);
        using var image = Image.Load(await Top.Value);
        using var output = new MemoryStream();
        switch (format)
        {
            case "bmp": image.SaveAsBmp(output); break;
            case "gif": image.SaveAsGif(output); break;
            case "webp": image.SaveAsWebp(output); break;
        }
        return output.ToArray();
    }

    [Theory]
    [InlineData("png", "image/png")]
    [InlineData("jpeg", "image/jpeg")]
    [InlineData("tiff", "image/tiff")]
    [InlineData("bmp", "image/bmp")]
    [InlineData("gif", "image/gif")]
    [InlineData("webp", "image/webp")]
    public async Task EveryImageFormatIsOcred(string format, string mime)
    {
        var bytes = await InFormat(format);
        Assert.Equal(new SniffResult(mime, "image"), FileSniffer.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, FileSniffer.HeaderLength)), "scan"));
        Assert.Equal(format, ImageHeader.Read(new MemoryStream(bytes))!.Format);

        var content = await Read(bytes, Engine);

        var page = content.Pages.Single();
        Assert.Equal((1, 1653.0, 520.0), (page.Number, page.Width, page.Height));
        Assert.Equal(
            ["ACME Supplies Ltd", "Invoice Number INV-2024-0042", "Invoice Date 15 March 2024", "Due Date 14 April 2024", "Bill To Northwind Traders"],
            page.Lines.Select(l => l.Text).ToArray());
        Assert.Equal(string.Concat(page.Lines.Select(l => l.Text + "\n")), content.Markdown);
        Assert.All(page.Lines.SelectMany(l => l.Words), w => Assert.True(w.Confidence > 0.5, $"{w.Text}: {w.Confidence}"));
    }

    [Fact]
    public async Task EachPageOfAMultiPageTiffIsAPage()
    {
        var second = await Scans.Render(TestPdf.Simple("Second page of the scan", "Delivered to the warehouse"), "-png", heightPx: 300);
        var tiff = MultiPageTiff.FromImages(Scans.Dpi, await Top.Value, second);
        Assert.Equal(2, ImageHeader.Read(new MemoryStream(tiff))!.Frames.Count);

        var content = await Read(tiff, Engine);

        Assert.Equal([1, 2], content.Pages.Select(p => p.Number).ToArray());
        Assert.Equal((1653.0, 300.0), (content.Pages[1].Width, content.Pages[1].Height));
        Assert.Equal("ACME Supplies Ltd", content.Pages[0].Lines[0].Text);
        Assert.Equal(["Second page of the scan", "Delivered to the warehouse"], content.Pages[1].Lines.Select(l => l.Text).ToArray());
        Assert.Contains("Bill To Northwind Traders\n\n---\n\nSecond page of the scan\n", content.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MorePagesThanTheLimitAreRefusedBeforeOcr()
    {
        var tiff = ImageHeaderTests.Headers.Tiff(true, false, (100, 100), (100, 100), (100, 100));
        var e = await Refused(tiff, new UnreachableOcrEngine(), new ReaderLimits(MaxPages: 2));
        Assert.Equal(DocumentErrorCodes.PageLimitExceeded, e.Code);
        Assert.Contains("3 pages", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    // 10^10 pixels claimed by a 33-byte file: a decompression bomb
    [InlineData(100_000, 100_000, 100_000_000)]
    [InlineData(10_001, 10_000, 100_000_000)]
    [InlineData(101, 100, 10_000)]
    public async Task AnImageOverThePixelLimitIsRefusedWithoutDecodingIt(uint width, uint height, long limit)
    {
        var e = await Refused(ImageHeaderTests.Headers.Png(width, height), new UnreachableOcrEngine(), new ReaderLimits(MaxImagePixels: limit));
        Assert.Equal(DocumentErrorCodes.FileTooLarge, e.Code);
        Assert.Contains($"{width} × {height} pixels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyPageOfATiffOverThePixelLimitIsRefused()
    {
        var tiff = ImageHeaderTests.Headers.Tiff(true, false, (100, 100), (20_000, 20_000));
        Assert.Equal(DocumentErrorCodes.FileTooLarge, (await Refused(tiff, new UnreachableOcrEngine())).Code);
    }

    [Fact]
    public async Task AnImageAtThePixelLimitIsRead()
    {
        var engine = new RecordingOcrEngine(new OcrOptions(), header => [new Page(1, header.Width, header.Height, 0, [])]);
        var content = await Read(ImageHeaderTests.Headers.Png(100, 100), engine, new ReaderLimits(MaxImagePixels: 10_000));
        Assert.Equal((100.0, 100.0), (content.Pages.Single().Width, content.Pages.Single().Height));
    }

    public static TheoryData<string, byte[]> Damaged => new()
    {
        { "empty", [] },
        { "garbage", "GIF8 but not really a picture"u8.ToArray()[..5] },
        { "png cut in its header", ImageHeaderTests.Headers.Png(100, 100)[..20] },
        { "jpeg without a frame", [0xFF, 0xD8, 0xFF, 0xD9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
        { "bmp without a header", "BM\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public async Task AnImageWithoutAReadableHeaderIsCorrupt(string name, byte[] bytes)
    {
        var e = await Refused(bytes, new UnreachableOcrEngine());
        Assert.True(e.Code == DocumentErrorCodes.CorruptFile, name);
    }

    [Fact]
    public async Task AnImageCutAfterItsHeaderIsCorruptWhenOcrCannotDecodeIt()
    {
        var png = await Top.Value;
        var e = await Refused(png[..200], Engine);
        Assert.Equal(DocumentErrorCodes.CorruptFile, e.Code);
    }

    [Fact]
    public async Task WithoutAnOcrEngineAnImageCannotBeRead()
    {
        var e = await Refused(ImageHeaderTests.Headers.Png(100, 100), ocr: null);
        Assert.Equal(DocumentErrorCodes.OcrUnavailable, e.Code);
    }

    [Fact]
    public async Task WhenTesseractIsMissingOcrIsUnavailable()
    {
        using var missing = new TesseractOcrEngine(new OcrOptions(), "/nonexistent/bin/tesseract");
        var e = await Refused(await Top.Value, missing);
        Assert.Equal(DocumentErrorCodes.OcrUnavailable, e.Code);
        Assert.Contains("apt-get install tesseract-ocr tesseract-ocr-eng", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheImageFileIsRemovedAfterOcrWhateverHappens()
    {
        var ok = new RecordingOcrEngine(new OcrOptions(), header => [new Page(1, header.Width, header.Height, 0, [])]);
        var failing = new RecordingOcrEngine(new OcrOptions(), _ => []) { Throw = new DocumentReadException(DocumentErrorCodes.CorruptFile, "no") };
        var png = ImageHeaderTests.Headers.Png(10, 10);

        await Read(png, ok);
        await Assert.ThrowsAsync<DocumentReadException>(() => Read(png, failing));

        foreach (var (path, header, _) in ok.Calls.Concat(failing.Calls))
        {
            // The engine saw the whole file, and neither it nor its folder is left.
            Assert.Equal(new ImageSize(10, 10), header!.Frames.Single());
            Assert.False(File.Exists(path));
            Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
        }
        Assert.Equal(2, ok.Calls.Count + failing.Calls.Count);
    }

    [Fact]
    public async Task TooMuchTextIsTooLarge()
    {
        var engine = new RecordingOcrEngine(new OcrOptions(), _ => [new Page(1, 10, 10, 0, [new Line([new Word("twelve chars", new Box(0, 0, 5, 5))])])]);
        Assert.Equal(DocumentErrorCodes.FileTooLarge, (await Refused(ImageHeaderTests.Headers.Png(10, 10), engine, new ReaderLimits(MaxTextChars: 11))).Code);
        Assert.Single((await Read(ImageHeaderTests.Headers.Png(10, 10), engine, new ReaderLimits(MaxTextChars: 12))).Pages);
    }

    [Theory]
    [InlineData("image", true)]
    [InlineData("pdf", false)]
    [InlineData("hocr", false)]
    public void ReadsImageKindOnly(string kind, bool expected) =>
        Assert.Equal(expected, new ImageReader().CanRead(new SniffResult("image/png", kind)));
}
