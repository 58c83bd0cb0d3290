using Microsoft.Extensions.Options;
using Quarry.Core.Documents;
using Quarry.Core.Readers;
using Quarry.Core.Readers.Ocr;
using Quarry.Data;
using Quarry.Data.Blobs;
using Quarry.Server.Hosting;
using SixLabors.ImageSharp;

namespace Quarry.Server.Documents;

/// <summary>What a page image request came to: a PNG file on disk, or why there is none.</summary>
public sealed record PageImage(string? Path, string? Problem)
{
    public static PageImage Unavailable(string why) => new(null, why);
}

/// <summary>
/// PNG images of document pages for people to look at (the dashboard's review view): PDF pages rendered in colour by
/// <c>pdftoppm</c>, images converted to PNG (a PNG of one frame is served as it is). Results are cached on disk under
/// the data folder, named by the file's SHA-256, so a page is rendered once however often it is viewed, and the
/// cache of a file is removed when the last document holding those bytes is deleted.
/// </summary>
public sealed class PageImages(IBlobStore blobs, IOptions<QuarryOptions> options, ILogger<PageImages> log)
{
    /// <summary>About 1,240 pixels across an A4 page: sharp on a screen, small enough to load at once.</summary>
    public const int Dpi = 150;

    // Absolute: the data folder may be given relative (./quarry-data), and a file result needs a rooted path.
    private readonly string _cache = System.IO.Path.GetFullPath(System.IO.Path.Combine(options.Value.DataDir, "cache", "pages"));
    private readonly PdfRasterizer _rasterizer = new(options.Value.Ocr.ToCore());

    /// <summary>Only PDFs and images have pages a picture can be made of; other formats have a layout but no look.</summary>
    public static bool HasImages(DocumentRecord doc) => doc.MimeType == "application/pdf" || doc.MimeType.StartsWith("image/", StringComparison.Ordinal);

    /// <summary>The parsed pages (sizes in page coordinates), or null while the document has no parsed content.</summary>
    public async Task<IReadOnlyList<Page>?> PagesAsync(DocumentRecord doc, CancellationToken ct)
    {
        if (doc.ContentSha256 is null || await blobs.OpenReadAsync(doc.ContentSha256, ct) is not { } stream)
            return null;
        await using (stream)
            return (await ContentJson.DeserializeAsync(stream, ct)).Pages;
    }

    /// <summary>The PNG of page <paramref name="number"/> (1-based, already checked against the page count).</summary>
    public async Task<PageImage> RenderAsync(DocumentRecord doc, int number, CancellationToken ct)
    {
        var cached = System.IO.Path.Combine(_cache, $"{doc.Sha256}-{number}-{Dpi}.png");
        if (File.Exists(cached))
            return new PageImage(cached, null);
        Directory.CreateDirectory(_cache);
        var work = Directory.CreateTempSubdirectory("quarry-page-");
        try
        {
            var original = System.IO.Path.Combine(work.FullName, "original");
            await using (var source = await blobs.OpenReadAsync(doc.Sha256, ct))
            {
                if (source is null)
                    return PageImage.Unavailable("The document's file is missing from the blob store.");
                await using var copy = File.Create(original);
                await source.CopyToAsync(copy, ct);
            }
            var png = doc.MimeType == "application/pdf"
                ? await RenderPdfPageAsync(original, number, work.FullName, ct)
                : await ConvertImageFrameAsync(original, doc.MimeType, number, work.FullName, ct);
            // Renders of one page may race; each moves a whole file into place, so a reader never sees half of one.
            File.Move(png, cached, overwrite: true);
            return new PageImage(cached, null);
        }
        catch (DocumentReadException e)
        {
            log.LogWarning("Page {Page} of document {DocumentId} could not be rendered: {Reason}", number, doc.Id, e.Message);
            return PageImage.Unavailable(e.Message);
        }
        catch (Exception e) when (e is ImageFormatException or UnknownImageFormatException or NotSupportedException)
        {
            log.LogWarning("Page {Page} of document {DocumentId} could not be converted to PNG: {Reason}", number, doc.Id, e.Message);
            return PageImage.Unavailable($"The image could not be converted to PNG: {e.Message}");
        }
        finally
        {
            try { work.Delete(recursive: true); }
            catch (IOException) { /* best effort: the OS cleans temp folders */ }
        }
    }

    /// <summary>Removes the cached pages of a file whose last document was deleted.</summary>
    public void Forget(string sha256)
    {
        if (!Directory.Exists(_cache))
            return;
        foreach (var file in Directory.EnumerateFiles(_cache, sha256 + "-*.png"))
        {
            try { File.Delete(file); }
            catch (IOException e) { log.LogWarning("Cached page {File} could not be deleted: {Reason}", file, e.Message); }
        }
    }

    private async Task<string> RenderPdfPageAsync(string pdf, int number, string folder, CancellationToken ct) =>
        await _rasterizer.RenderAsync(pdf, number, Dpi, System.IO.Path.Combine(folder, "page"), ct, gray: false);

    private static async Task<string> ConvertImageFrameAsync(string path, string mimeType, int number, string folder, CancellationToken ct)
    {
        if (mimeType == "image/png" && number == 1)
            return path; // a PNG's first frame is the PNG itself (browsers show only that frame of an animated one too)
        var png = System.IO.Path.Combine(folder, "page.png");
        using var image = await Image.LoadAsync(path, ct);
        if (number > image.Frames.Count)
            throw new DocumentReadException(DocumentErrorCodes.CorruptFile, $"The image has {image.Frames.Count} frame(s), not {number}.");
        using var frame = image.Frames.CloneFrame(number - 1);
        await frame.SaveAsPngAsync(png, ct);
        return png;
    }
}
