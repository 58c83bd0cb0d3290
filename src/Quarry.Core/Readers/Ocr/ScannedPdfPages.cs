using Quarry.Core.Documents;

namespace Quarry.Core.Readers.Ocr;

/// <summary>
/// OCRs the pages of a PDF that have no text layer (scans, or the scanned pages of a mixed PDF): each is rendered alone,
/// OCRed, and its image file removed before the next is rendered in its slot, so disk and memory use stay bounded by
/// the concurrency, not by the page count. Word boxes are turned from pixels back into PDF points.
/// </summary>
internal static class ScannedPdfPages
{
    public static async Task<IReadOnlyList<Page>> RecognizeAsync(
        byte[] pdf, IReadOnlyList<Page> pages, IOcrEngine ocr, PdfRasterizer rasterizer, OcrOptions options, ReaderLimits limits, CancellationToken ct)
    {
        var result = pages.ToArray();
        var blank = pages.Select((p, i) => (Page: p, Index: i)).Where(x => x.Page.Lines.Count == 0).ToList();
        if (blank.Count == 0)
            return result;

        using var temp = TempDirectory.Create();
        var pdfPath = temp.PathOf("document.pdf");
        await File.WriteAllBytesAsync(pdfPath, pdf, ct);

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveConcurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(blank, parallel, async (item, token) =>
        {
            var page = item.Page;
            var dpi = DpiFor(page, options.Dpi, limits.MaxImagePixels);
            var png = await rasterizer.RenderAsync(pdfPath, page.Number, dpi, temp.PathOf($"page-{page.Number}"), token);
            IReadOnlyList<Page> recognized;
            try
            {
                recognized = await ocr.RecognizeAsync(png, token);
            }
            finally
            {
                File.Delete(png);
            }
            result[item.Index] = ToPoints(page, recognized, dpi);
        });
        return result;
    }

    /// <summary>The configured resolution, lowered for a page so large that its image would pass the pixel limit.</summary>
    internal static int DpiFor(Page page, int dpi, long maxPixels)
    {
        var pixels = page.Width * dpi / 72 * (page.Height * dpi / 72);
        if (pixels <= maxPixels || pixels <= 0)
            return dpi;
        return Math.Max(1, (int)Math.Floor(dpi * Math.Sqrt(maxPixels / pixels)));
    }

    /// <summary>
    /// Scales the words by 72/dpi into the PDF page's points. pdftoppm renders a page as it is shown, rotation applied,
    /// so the page's size is swapped when the image and the page disagree on which side is the longer.
    /// </summary>
    private static Page ToPoints(Page page, IReadOnlyList<Page> recognized, int dpi)
    {
        var scale = 72.0 / dpi;
        var lines = recognized
            .SelectMany(p => p.Lines)
            .Select(l => new Line(l.Words.Select(w => w with
            {
                Box = new Box(w.Box.X0 * scale, w.Box.Y0 * scale, w.Box.X1 * scale, w.Box.Y1 * scale),
            }).ToList()))
            .ToList();
        var image = recognized.FirstOrDefault();
        var swap = image is { Width: > 0, Height: > 0 } && image.Width != image.Height && page.Width != page.Height
            && image.Width > image.Height != page.Width > page.Height;
        return swap
            ? new Page(page.Number, page.Height, page.Width, page.Rotation, lines)
            : page with { Lines = lines };
    }
}
