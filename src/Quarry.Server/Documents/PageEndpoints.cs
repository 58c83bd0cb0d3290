using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Quarry.Data;
using Quarry.Data.Stores;
using Quarry.Server.Auth;
using Quarry.Server.Http;

namespace Quarry.Server.Documents;

/// <summary>A page's size in the coordinates of the boxes (<c>source.bbox</c>, word boxes): PDF points or image pixels.</summary>
public sealed record PageDto(int Number, double Width, double Height, int Rotation, string? Unit, IReadOnlyDictionary<string, string?> Links);

/// <summary>
/// The pages of a document and a PNG of each (PDFs and images only): what a person needs to see where a cell's value
/// came from. The box of a cell maps onto the image by the ratio of the image's pixel size to the page's size.
/// </summary>
public static class PageEndpoints
{
    public static RouteGroupBuilder MapPages(this RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/documents").WithTags("Documents");
        g.MapGet("/{id}/pages", List).WithSummary("The document's pages with their sizes in box coordinates");
        g.MapGet("/{id}/pages/{n}/image", Image).WithSummary("A page as a PNG (PDF pages rendered, images converted)");
        return g;
    }

    private static async Task<Results<Ok<DataResponse<PageDto>>, ProblemHttpResult>> List(
        string id, HttpContext http, DocumentStore documents, PageImages images, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var docId, out var bad)) return bad!;
        var (doc, pages, problem) = await ParsedAsync(docId, http, documents, images, ct);
        if (problem is not null) return problem;
        var unit = doc!.MimeType == "application/pdf" ? "pt" : PageImages.HasImages(doc) ? "px" : null;
        return TypedResults.Ok(new DataResponse<PageDto>(pages!.Select(p => new PageDto(p.Number, p.Width, p.Height, p.Rotation, unit,
            new Dictionary<string, string?> { ["image"] = unit is null ? null : $"/v1/documents/{doc.Id:D}/pages/{p.Number}/image" })).ToList()));
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> Image(
        string id, string n, HttpContext http, DocumentStore documents, PageImages images, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var docId, out var bad)) return bad!;
        if (!int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return ApiProblem.Validation("n", $"'{(n.Length > 20 ? n[..20] + "…" : n)}' is not a page number. Pages are numbered from 1.");
        var (doc, pages, problem) = await ParsedAsync(docId, http, documents, images, ct);
        if (problem is not null) return problem;
        if (!PageImages.HasImages(doc!))
            return ApiProblem.Make(404, ApiProblem.NotFoundCode, "Not found.",
                $"Only PDFs and images have page images; this document is {doc!.MimeType}. Its text and boxes are at /v1/documents/{doc.Id:D}/content.");
        var page = pages!.FirstOrDefault(p => p.Number == number);
        if (page is null)
            return ApiProblem.Make(404, ApiProblem.NotFoundCode, "Not found.", $"The document has {pages!.Count} page(s); there is no page {number}.");
        var image = await images.RenderAsync(doc!, number, ct);
        if (image.Path is null)
            return ApiProblem.Make(503, ApiProblem.ServiceUnavailable, "Service unavailable.", $"Page {number} could not be rendered: {image.Problem}");
        var headers = http.Response.Headers;
        headers["X-Page-Width"] = page.Width.ToString("0.##", CultureInfo.InvariantCulture);
        headers["X-Page-Height"] = page.Height.ToString("0.##", CultureInfo.InvariantCulture);
        // The bytes of a document never change (blobs are content-addressed), but the image is the organization's data.
        headers.CacheControl = "private, max-age=86400";
        return TypedResults.PhysicalFile(image.Path, "image/png");
    }

    /// <summary>The organization's document and its parsed pages; 404 for another organization's, 409 while not parsed.</summary>
    private static async Task<(DocumentRecord?, IReadOnlyList<Core.Documents.Page>?, ProblemHttpResult?)> ParsedAsync(
        Guid docId, HttpContext http, DocumentStore documents, PageImages images, CancellationToken ct)
    {
        var doc = await documents.GetAsync(ApiKeyAuth.OrganizationOf(http), docId, ct);
        if (doc is null)
            return (null, null, ApiProblem.NotFound("document"));
        if (doc.Status == DocumentStatuses.Error)
            return (doc, null, ApiProblem.Conflict($"The document could not be parsed ({doc.ErrorCode}): {doc.ErrorMessage}"));
        var pages = await images.PagesAsync(doc, ct);
        return pages is null
            ? (doc, null, ApiProblem.Conflict("The document is still being parsed; its pages are available once its status is completed."))
            : (doc, pages, null);
    }
}
