using Quarry.Core.Documents;
using Quarry.Core.Readers.Ocr;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace Quarry.Core.Readers;

/// <summary>
/// Reads the text layer of a PDF with PdfPig. Pages without text are OCRed when the context has an OCR engine (scanned
/// and mixed PDFs), and otherwise kept empty so page numbers stay true; a PDF with no text at all then needs OCR.
/// </summary>
public sealed class PdfTextReader : IDocumentReader
{
    private readonly string _pdftoppm;

    public PdfTextReader()
        : this("pdftoppm")
    {
    }

    /// <summary>Renders pages for OCR with another executable than <c>pdftoppm</c> on the PATH (tests).</summary>
    internal PdfTextReader(string pdftoppm) => _pdftoppm = pdftoppm;

    public bool CanRead(SniffResult type) => type.Kind == "pdf";

    public async Task<DocumentContent> ReadAsync(Stream file, ReadContext context, CancellationToken ct)
    {
        var limits = context.Limits;
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        PdfDocument pdf;
        try
        {
            pdf = PdfDocument.Open(bytes);
        }
        catch (PdfDocumentEncryptedException e)
        {
            throw new DocumentReadException(DocumentErrorCodes.EncryptedFile, "The PDF is encrypted and cannot be opened without its password.", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new DocumentReadException(DocumentErrorCodes.CorruptFile, $"The PDF could not be parsed: {e.Message}", e);
        }

        using (pdf)
        {
            if (pdf.NumberOfPages > limits.MaxPages)
                throw new DocumentReadException(DocumentErrorCodes.PageLimitExceeded,
                    $"The PDF has {pdf.NumberOfPages} pages; the limit is {limits.MaxPages}.");

            var textLayer = new List<Page>(pdf.NumberOfPages);
            long chars = 0;
            for (var n = 1; n <= pdf.NumberOfPages; n++)
            {
                ct.ThrowIfCancellationRequested();
                textLayer.Add(ReadPage(pdf, n));
                chars += textLayer[^1].Lines.Sum(l => l.Text.Length);
                CheckTextLimit(chars, limits);
            }

            IReadOnlyList<Page> pages = textLayer;
            if (context.Ocr is { } ocr)
            {
                // The engine's own options, so pages are rendered at the resolution it was set up for.
                var options = (ocr as IConfiguredOcrEngine)?.Options ?? new OcrOptions();
                pages = await ScannedPdfPages.RecognizeAsync(bytes, pages, ocr, new PdfRasterizer(options, _pdftoppm), options, limits, ct);
                CheckTextLimit(pages.Sum(p => p.Lines.Sum(l => (long)l.Text.Length)), limits);
            }
            else if (pages.All(p => p.Lines.Count == 0))
            {
                throw new DocumentReadException(DocumentErrorCodes.OcrUnavailable,
                    "The PDF has no text layer and no OCR engine is configured to read its pages.");
            }

            return new DocumentContent(pages, [], MarkdownRenderer.Render(pages));
        }
    }

    private static void CheckTextLimit(long chars, ReaderLimits limits)
    {
        if (chars > limits.MaxTextChars)
            throw new DocumentReadException(DocumentErrorCodes.FileTooLarge,
                $"The PDF holds more than {limits.MaxTextChars} characters of text.");
    }

    private static Page ReadPage(PdfDocument pdf, int number)
    {
        UglyToad.PdfPig.Content.Page page;
        try
        {
            page = pdf.GetPage(number);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new DocumentReadException(DocumentErrorCodes.CorruptFile, $"Page {number} of the PDF could not be parsed: {e.Message}", e);
        }

        var direction = RotatedText.Dominant(page.Letters);
        if (RotatedText.IsTurned(direction))
        {
            var (turned, width, height) = RotatedText.Words(page.Letters, direction, page.Width, page.Height);
            return new Page(number, width, height, (page.Rotation.Value + RotatedText.Degrees(direction)) % 360, LineBuilder.Build(turned));
        }

        var pageHeight = page.Height;
        var words = page.GetWords()
            .Where(w => !string.IsNullOrWhiteSpace(w.Text))
            .Select(w => new Word(
                w.Text,
                // PDF space has its origin bottom-left; ours is top-left.
                new Box(w.BoundingBox.Left, pageHeight - w.BoundingBox.Top, w.BoundingBox.Right, pageHeight - w.BoundingBox.Bottom),
                null,
                w.Letters.Count > 0 ? Math.Round(w.Letters[0].PointSize, 2) : null));
        return new Page(number, page.Width, page.Height, page.Rotation.Value, LineBuilder.Build(words));
    }
}
