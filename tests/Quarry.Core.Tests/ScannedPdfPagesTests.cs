using Quarry.Core.Documents;
using Quarry.Core.Readers;
using Quarry.Core.Readers.Ocr;
using static Quarry.Testing.TestPdf;

namespace Quarry.Core.Tests;

/// <summary>PDF pages without a text layer are rendered and OCRed (a stand-in engine here; real Tesseract in <see cref="ScannedPageTests"/>).</summary>
public class ScannedPdfPagesTests
{
    /// <summary>A word at pixels (144, 72)–(288, 144) of whatever page it is shown, with the page number in its text.</summary>
    private static RecordingOcrEngine Engine(int dpi = 144, int concurrency = 2) =>
        new(new OcrOptions(Dpi: dpi, Concurrency: concurrency), header =>
            [new Page(1, header.Width, header.Height, 0, [new Line([new Word("scanned", new Box(144, 72, 288, 144), 0.9)])])]);

    private static Task<DocumentContent> Read(byte[] pdf, IOcrEngine? ocr, PdfTextReader? reader = null, ReaderLimits? limits = null) =>
        (reader ?? new PdfTextReader()).ReadAsync(new MemoryStream(pdf), new ReadContext("scan.pdf", limits ?? new ReaderLimits(), Ocr: ocr), CancellationToken.None);

    [Fact]
    public async Task PagesWithoutTextAreRenderedAtTheEnginesResolutionAndBoxesComeBackInPoints()
    {
        var engine = Engine(dpi: 144);
        var content = await Read(Pages([[]]), engine);

        // A4 at 144 dpi is twice its size in points.
        var (_, header, _) = engine.Calls.Single();
        Assert.Equal(new ImageSize(1190, 1684), header!.Frames.Single());
        Assert.Equal("png", header.Format);
        var page = content.Pages.Single();
        Assert.Equal((1, 595.0, 842.0, 0), (page.Number, page.Width, page.Height, page.Rotation));
        var word = page.Lines.Single().Words.Single();
        Assert.Equal(new Box(72, 36, 144, 72), word.Box);
        Assert.Equal(0.9, word.Confidence);
        Assert.Equal("scanned\n", content.Markdown);
    }

    [Fact]
    public async Task OnlyPagesWithoutTextAreOcred()
    {
        var engine = Engine();
        var content = await Read(Pages([[new TextLine("Typed page", 50, 100)], [], [new TextLine("Typed again", 50, 100)], []]), engine);

        Assert.Equal(2, engine.Calls.Count);
        Assert.Equal(["Typed page", "scanned", "Typed again", "scanned"], content.Pages.Select(p => p.Lines.Single().Text).ToArray());
        Assert.Equal([1, 2, 3, 4], content.Pages.Select(p => p.Number).ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task PagesAreOcredOneByOneWithinTheConcurrency(int concurrency)
    {
        var engine = Engine(dpi: 36, concurrency: concurrency);
        var content = await Read(Pages(Enumerable.Range(0, 6).Select(_ => Array.Empty<TextLine>())), engine);

        Assert.Equal(6, content.Pages.Count(p => p.Lines.Count == 1));
        Assert.InRange(engine.MostAtOnce, 1, concurrency);
        // Each page's image is gone before another takes its slot: never more images on disk than pages in flight.
        Assert.All(engine.Calls, c => Assert.InRange(c.PngsBeside, 1, concurrency));
    }

    [Fact]
    public async Task TemporaryFilesAreRemovedAfterOcrWhateverHappens()
    {
        var ok = Engine();
        var failing = new RecordingOcrEngine(new OcrOptions(Dpi: 36), _ => []) { Throw = new DocumentReadException(DocumentErrorCodes.FileTooLarge, "slow") };

        await Read(Pages([[], []]), ok);
        var e = await Assert.ThrowsAsync<DocumentReadException>(() => Read(Pages([[]]), failing));

        Assert.Equal("slow", e.Message);
        foreach (var (path, _, _) in ok.Calls.Concat(failing.Calls))
            Assert.False(Directory.Exists(Path.GetDirectoryName(path)), $"{path} was left behind");
    }

    [Fact]
    public async Task AScanWhereOcrFindsNothingGivesEmptyPages()
    {
        var engine = new RecordingOcrEngine(new OcrOptions(Dpi: 36), header => [new Page(1, header.Width, header.Height, 0, [])]);
        var content = await Read(Pages([[], []]), engine);
        Assert.Equal(2, content.Pages.Count);
        Assert.All(content.Pages, p => Assert.Empty(p.Lines));
    }

    [Fact]
    public async Task ATypedPdfNeverCallsTheEngine()
    {
        var content = await Read(Simple("Invoice 42"), new UnreachableOcrEngine());
        Assert.Equal("Invoice 42\n", content.Markdown);
    }

    [Fact]
    public async Task AnEngineThatDoesNotTellItsOptionsGetsTheDefaultResolution()
    {
        var engine = new PlainEngine();
        await Read(Pages([[]]), engine);
        // 300 dpi: A4 (595 × 842 pt) is 2479.2 × 3508.3 pixels, which pdftoppm rounds up.
        Assert.Equal(new ImageSize(2480, 3509), engine.Size);
    }

    [Fact]
    public async Task WhenPdftoppmIsMissingOcrIsUnavailableWithAnInstallHint()
    {
        var e = await Assert.ThrowsAsync<DocumentReadException>(() => Read(Pages([[]]), Engine(), new PdfTextReader("/nonexistent/bin/pdftoppm")));
        Assert.Equal(DocumentErrorCodes.OcrUnavailable, e.Code);
        Assert.Contains("apt-get install poppler-utils", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OcredTextCountsTowardsTheTextLimit()
    {
        // "Typed" (5) plus "scanned" (7)
        var pdf = Pages([[new TextLine("Typed", 50, 100)], []]);
        var e = await Assert.ThrowsAsync<DocumentReadException>(() => Read(pdf, Engine(dpi: 36), limits: new ReaderLimits(MaxTextChars: 11)));
        Assert.Equal(DocumentErrorCodes.FileTooLarge, e.Code);
        Assert.Equal(2, (await Read(pdf, Engine(dpi: 36), limits: new ReaderLimits(MaxTextChars: 12))).Pages.Count);
    }

    [Theory]
    // A4 at 300 dpi: 8.7 megapixels, under the limit
    [InlineData(595, 842, 300, 100_000_000, 300)]
    // a 5 m poster at 300 dpi would be 3.5 gigapixels: the resolution drops to fit
    [InlineData(14_400, 14_400, 300, 100_000_000, 50)]
    [InlineData(595, 842, 300, 1_000_000, 101)]
    public void AHugePageIsRenderedAtALowerResolution(double width, double height, int dpi, long maxPixels, int expected)
    {
        var actual = ScannedPdfPages.DpiFor(new Page(1, width, height, 0, []), dpi, maxPixels);
        Assert.Equal(expected, actual);
        Assert.True(width * actual / 72 * (height * actual / 72) <= maxPixels);
    }

    /// <summary>An engine that is only an <see cref="IOcrEngine"/>, with no options to tell.</summary>
    private sealed class PlainEngine : IOcrEngine
    {
        public ImageSize Size { get; private set; }

        public Task<IReadOnlyList<Page>> RecognizeAsync(string imagePath, CancellationToken ct)
        {
            using var file = File.OpenRead(imagePath);
            Size = ImageHeader.Read(file)!.Frames.Single();
            return Task.FromResult<IReadOnlyList<Page>>([]);
        }
    }
}
