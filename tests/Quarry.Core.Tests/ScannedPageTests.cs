using Quarry.Core.Extraction;
using Quarry.Core.Readers;
using Quarry.Core.Readers.Ocr;
using Quarry.Core.Schemas;
using Xunit.Abstractions;

namespace Quarry.Core.Tests;

/// <summary>
/// An invoice rendered to an image and OCRed: its words and their places must come back. The truth is the PDF's own
/// glyph boxes; they come from font metrics, not the drawn ink, and are themselves up to ~3 px (200 dpi) off the ink.
/// </summary>
public class ScannedPageTests(ITestOutputHelper output)
{
    private const double PixelsPerPoint = Scans.Dpi / 72.0;

    private static readonly TesseractOcrEngine Engine = new(new OcrOptions(Dpi: Scans.Dpi, Concurrency: 2));

    private static ReadContext Context(string name) => new(name, new ReaderLimits(), Ocr: Engine);

    private OcrAccuracy Check(Scans.Scan scan, Documents.Page page, double scale, double tolerance)
    {
        var accuracy = OcrAccuracy.Measure(scan.TruthWords, page.Lines.SelectMany(l => l.Words), scale, searchRadius: 15 * scale);
        output.WriteLine($"{scan.TruthWords.Count} words, recovered {accuracy.Recovered:P1}, box error max {accuracy.MaxBoxError:0.0} mean {accuracy.MeanBoxError:0.0}; missed: {string.Join(", ", accuracy.Missed)}");
        Assert.True(accuracy.Recovered >= 0.95, $"only {accuracy.Recovered:P1} of the words recovered; missed {string.Join(", ", accuracy.Missed)}");
        Assert.True(accuracy.MaxBoxError <= tolerance, $"a box is {accuracy.MaxBoxError:0.0} off");
        Assert.True(accuracy.MeanBoxError <= tolerance / 3, $"boxes are {accuracy.MeanBoxError:0.0} off on average");
        return accuracy;
    }

    [Fact]
    public async Task AScannedInvoiceImageGivesItsWordsInPixelBoxes()
    {
        var scan = await Scans.InvoiceScan();
        var content = await new ImageReader().ReadAsync(new MemoryStream(scan.Png), Context("scan.png"), CancellationToken.None);

        var page = content.Pages.Single();
        // A4 (595 × 842 pt) at 200 dpi.
        Assert.Equal((1, 1653, 2339, 0), (page.Number, (int)page.Width, (int)page.Height, page.Rotation));
        Check(scan, page, PixelsPerPoint, tolerance: 8);
        Assert.All(page.Lines.SelectMany(l => l.Words), w => Assert.InRange(w.Confidence!.Value, 0, 1));
        Assert.Contains("Invoice Number INV-2024-0042", content.Markdown, StringComparison.Ordinal);
        Assert.Contains("Total Due 726.00", content.Markdown, StringComparison.Ordinal);
        // Labels and values stand in two columns that Tesseract reads one after the other; as rows, they are found together.
        var extractor = new LabelValueExtractor();
        Assert.Equal("INV-2024-0042", extractor.Extract(new FieldDefinition("invoice_number", FieldType.String), content)?.Value?.GetValue<string>());
    }

    [Fact]
    public async Task AScannedPdfIsOcredWithBoxesInPoints()
    {
        var scan = await Scans.InvoiceScan();
        var content = await new PdfTextReader().ReadAsync(new MemoryStream(Scans.ImagePdf(scan.Png)), Context("scan.pdf"), CancellationToken.None);

        var page = content.Pages.Single();
        Assert.Equal((595, 842), ((int)page.Width, (int)page.Height));
        Check(scan, page, scale: 1, tolerance: 8 / PixelsPerPoint);
    }

    [Fact]
    public async Task AMixedPdfGivesTheTextPageAndTheScannedPage()
    {
        var scan = await Scans.InvoiceScan();
        var pdf = Scans.ImagePdf(new Quarry.Testing.TestPdf.TextLine[] { new("Cover letter for order 7781", 50, 100) }, scan.Png);
        var content = await new PdfTextReader().ReadAsync(new MemoryStream(pdf), Context("mixed.pdf"), CancellationToken.None);

        Assert.Equal([1, 2], content.Pages.Select(p => p.Number).ToArray());
        Assert.Equal("Cover letter for order 7781", content.Pages[0].Lines.Single().Text);
        // The text layer has no confidence; OCRed words do.
        Assert.Null(content.Pages[0].Lines.Single().Words[0].Confidence);
        Check(scan, content.Pages[1], scale: 1, tolerance: 8 / PixelsPerPoint);
        Assert.Contains("Cover letter for order 7781\n\n---\n\nACME Supplies Ltd", content.Markdown, StringComparison.Ordinal);
    }
}
