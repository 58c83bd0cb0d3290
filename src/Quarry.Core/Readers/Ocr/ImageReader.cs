using Quarry.Core.Documents;

namespace Quarry.Core.Readers.Ocr;

/// <summary>
/// Scans and photos (PNG, JPEG, GIF, BMP, TIFF, WebP): the header is checked against the limits before any decoder
/// sees the file, then the image is OCRed. Boxes are in pixels of the image; a multi-page TIFF gives a page per frame.
/// </summary>
public sealed class ImageReader : IDocumentReader
{
    public bool CanRead(SniffResult type) => type.Kind == "image";

    public async Task<DocumentContent> ReadAsync(Stream file, ReadContext context, CancellationToken ct)
    {
        var limits = context.Limits;
        var info = ImageHeader.Read(file)
            ?? throw new DocumentReadException(DocumentErrorCodes.CorruptFile, "The image is damaged or truncated: its header does not give a size.");
        var largest = info.Frames.MaxBy(f => f.Pixels);
        if (largest.Pixels > limits.MaxImagePixels)
            throw new DocumentReadException(DocumentErrorCodes.FileTooLarge,
                $"The image is {largest.Width} × {largest.Height} pixels; the limit is {limits.MaxImagePixels} pixels.");
        if (info.Frames.Count > limits.MaxPages)
            throw new DocumentReadException(DocumentErrorCodes.PageLimitExceeded,
                $"The image has {info.Frames.Count} pages; the limit is {limits.MaxPages}.");
        var ocr = context.Ocr
            ?? throw new DocumentReadException(DocumentErrorCodes.OcrUnavailable, "The file is an image and no OCR engine is configured to read it.");

        IReadOnlyList<Page> pages;
        using (var temp = TempDirectory.Create())
        {
            var path = temp.PathOf("image." + info.Format);
            await using (var copy = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                await file.CopyToAsync(copy, ct);
            pages = await ocr.RecognizeAsync(path, ct);
        }

        if (pages.Count > limits.MaxPages)
            throw new DocumentReadException(DocumentErrorCodes.PageLimitExceeded,
                $"The image has {pages.Count} pages; the limit is {limits.MaxPages}.");
        if (pages.Sum(p => p.Lines.Sum(l => (long)l.Text.Length)) > limits.MaxTextChars)
            throw new DocumentReadException(DocumentErrorCodes.FileTooLarge,
                $"The image holds more than {limits.MaxTextChars} characters of text.");
        return new DocumentContent(pages, [], MarkdownRenderer.Render(pages));
    }
}
