using System.Diagnostics;
using System.Globalization;
using Quarry.Core.Documents;
using Quarry.Core.Readers;
using Quarry.Testing;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using static Quarry.Testing.TestPdf;

namespace Quarry.Core.Tests;

/// <summary>
/// Real scans for OCR tests: an invoice made as a PDF with a text layer (whose word boxes are the truth), rendered to
/// images with pdftoppm, and image-only PDFs built from those images. Rendering happens once per test run.
/// </summary>
public static class Scans
{
    /// <summary>The resolution of the scans: enough for Tesseract on 11 pt text, cheap enough for a fast test run.</summary>
    public const int Dpi = 200;

    public static TestPdf.TextLine[] InvoiceLines { get; } =
    [
        new("ACME Supplies Ltd", 50, 60, 18),
        new("Invoice Number", 50, 110), new("INV-2024-0042", 200, 110),
        new("Invoice Date", 50, 130), new("15 March 2024", 200, 130),
        new("Due Date", 50, 150), new("14 April 2024", 200, 150),
        new("Bill To", 50, 170), new("Northwind Traders", 200, 170),
        new("Description", 50, 220), new("Quantity", 250, 220), new("Unit Price", 340, 220), new("Amount", 460, 220),
        new("Office chairs", 50, 245), new("4", 250, 245), new("120.00", 340, 245), new("480.00", 460, 245),
        new("Printer paper", 50, 265), new("10", 250, 265), new("5.50", 340, 265), new("55.00", 460, 265),
        new("Desk lamps", 50, 285), new("2", 250, 285), new("35.00", 340, 285), new("70.00", 460, 285),
        new("Subtotal", 340, 320), new("605.00", 460, 320),
        new("Tax", 340, 340), new("121.00", 460, 340),
        new("Total Due", 340, 360), new("726.00", 460, 360),
        new("Thank you for your business.", 50, 420),
        new("Payment within 30 days.", 50, 440),
    ];

    public static byte[] InvoicePdf { get; } = Page(InvoiceLines);

    private static readonly Lazy<Task<Scan>> Invoice = new(MakeInvoiceScan);

    /// <summary>The invoice: its PDF's words (the truth, in points) and its grey PNG at <see cref="Dpi"/>.</summary>
    public static Task<Scan> InvoiceScan() => Invoice.Value;

    public sealed record Scan(IReadOnlyList<Word> TruthWords, byte[] Png);

    private static async Task<Scan> MakeInvoiceScan()
    {
        var png = await Render(InvoicePdf, "-png");
        return new Scan(InkBoxes(InvoicePdf), png);
    }

    /// <summary>
    /// The words of page 1 with the boxes of their ink: the union of the glyphs' outlines, in points from the top-left.
    /// That is what OCR sees; the reader's boxes run along advance widths and the baseline, which differ by side bearings and descenders.
    /// </summary>
    public static IReadOnlyList<Word> InkBoxes(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var page = document.GetPage(1);
        return page.GetWords()
            .Select(w =>
            {
                var r = w.Letters.Select(l => l.BoundingBox).ToList();
                return new Word(w.Text, new Box(r.Min(g => g.Left), page.Height - r.Max(g => g.Top), r.Max(g => g.Right), page.Height - r.Min(g => g.Bottom)));
            })
            .ToList();
    }

    /// <summary>Renders page 1 of <paramref name="pdf"/> at <see cref="Dpi"/> in grey with pdftoppm (<c>-png</c>, <c>-jpeg</c>, <c>-tiff</c>), optionally cropped to the top <paramref name="heightPx"/> pixels.</summary>
    public static async Task<byte[]> Render(byte[] pdf, string format, int? heightPx = null)
    {
        var dir = Directory.CreateTempSubdirectory("quarry-test-").FullName;
        try
        {
            var input = Path.Combine(dir, "in.pdf");
            await File.WriteAllBytesAsync(input, pdf);
            List<string> args = ["-r", Dpi.ToString(CultureInfo.InvariantCulture), "-f", "1", "-l", "1", "-gray", format, "-singlefile"];
            if (heightPx is { } h)
                args.AddRange(["-x", "0", "-y", "0", "-W", "100000", "-H", h.ToString(CultureInfo.InvariantCulture)]);
            args.AddRange([input, Path.Combine(dir, "out")]);
            var start = new ProcessStartInfo("pdftoppm") { RedirectStandardError = true, UseShellExecute = false };
            args.ForEach(start.ArgumentList.Add);
            using var process = Process.Start(start)!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"pdftoppm failed: {error}");
            return await File.ReadAllBytesAsync(Directory.GetFiles(dir, "out.*").Single());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A PDF whose pages are the given PNGs stretched over A4 (no text layer), or text where a page is given as lines.</summary>
    public static byte[] ImagePdf(params object[] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var content in pages)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            var (width, height) = (page.PageSize.Width, page.PageSize.Height);
            switch (content)
            {
                case byte[] png:
                    page.AddPng(png, new PdfRectangle(0, 0, width, height));
                    break;
                case TestPdf.TextLine[] lines:
                    foreach (var l in lines)
                        page.AddText(l.Text, l.Size, new PdfPoint(l.X, height - l.Y), font);
                    break;
            }
        }
        return builder.Build();
    }
}
