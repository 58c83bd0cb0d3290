using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Quarry.Core;
using Quarry.Data;
using Quarry.Data.Blobs;
using Quarry.Data.Stores;
using Quarry.Server.Auth;
using Quarry.Server.Hosting;
using Quarry.Server.Http;

namespace Quarry.Server.Documents;

public static class DocumentEndpoints
{
    private static readonly string[] Statuses = [DocumentStatuses.Pending, DocumentStatuses.Processing, DocumentStatuses.Completed, DocumentStatuses.Error];

    public static RouteGroupBuilder MapDocuments(this RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/documents").WithTags("Documents");
        g.MapPost("/", Upload)
            .DisableAntiforgery()
            .DocumentsBody<UploadBody>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitMetadata())
            .WithSummary("Upload one or more files (multipart, 'file' parts, optional 'metadata' JSON part)");
        g.MapGet("/", List).WithSummary("List documents");
        g.MapGet("/{id}", Get).WithSummary("Get a document");
        g.MapGet("/{id}/content", Content).WithSummary("The parsed content: Markdown plus pages, lines and words with boxes");
        g.MapGet("/{id}/file", File).WithSummary("The original bytes");
        g.MapDelete("/{id}", Delete).WithSummary("Delete a document and, when nothing else uses them, its stored bytes");
        return g;
    }

    private static async Task<Results<Created<DataResponse<DocumentDto>>, ProblemHttpResult>> Upload(
        HttpContext http, UploadReader uploads, DocumentIntake intake, IBlobStore blobs, DocumentStore documents,
        IOptions<QuarryOptions> options, CancellationToken ct)
    {
        var limits = options.Value.Limits;
        // Back-pressure before a byte of the body is read: a full queue refuses the upload, the client retries later.
        var waiting = await documents.CountWaitingAsync(limits.MaxQueueDepth, ct);
        if (waiting >= limits.MaxQueueDepth)
        {
            return ApiProblem.Unavailable(http.Response, limits.QueueRetryAfterSeconds,
                $"{waiting} or more documents are waiting to be parsed, the most this server queues. Retry after {limits.QueueRetryAfterSeconds} seconds.");
        }
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limits.MaxUploadBytes;
        var org = ApiKeyAuth.OrganizationOf(http);
        var parts = await uploads.ReadAsync(http.Request, limits.MaxFileBytes, limits.MaxUploadBytes, limits.MaxFilesPerUpload, ct);

        ProblemHttpResult? refusal = parts switch
        {
            { FailureStatus: 415 } => ApiProblem.UnsupportedMedia(parts.FailureDetail!),
            { FailureStatus: 413 } => ApiProblem.TooLarge(parts.FailureDetail!),
            { Errors.IsEmpty: false } => ApiProblem.Validation(parts.Errors),
            _ => null,
        };
        if (refusal is not null)
        {
            await ForgetUnusedBlobsAsync(parts.Files, blobs, documents, ct);
            return refusal;
        }

        var created = new List<DocumentDto>();
        foreach (var file in parts.Files)
            created.Add(DocumentDto.From(await intake.AddAsync(org, file, parts.MetadataJson, ct)));
        var location = created.Count == 1 ? created[0].Links["self"] : "/v1/documents";
        return TypedResults.Created(location, new DataResponse<DocumentDto>(created));
    }

    /// <summary>A refused upload leaves nothing behind: blobs it created that no document uses are removed.</summary>
    private static async Task ForgetUnusedBlobsAsync(IEnumerable<UploadedFile> files, IBlobStore blobs, DocumentStore documents, CancellationToken ct)
    {
        foreach (var sha in files.Where(f => f.Blob.Created).Select(f => f.Blob.Sha256).Distinct())
        {
            if (!await documents.IsBlobUsedAsync(sha, ct))
                await blobs.DeleteAsync(sha, ct);
        }
    }

    private static async Task<Results<Ok<ListResponse<DocumentDto>>, ProblemHttpResult>> List(HttpContext http, DocumentStore documents, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        RequestParsing.TryPaging(http.Request, errors, out var limit, out var cursor);
        var status = RequestParsing.OneOf(http.Request, "status", Statuses, errors);
        var after = RequestParsing.Timestamp(http.Request, "created_after", errors);
        var before = RequestParsing.Timestamp(http.Request, "created_before", errors);
        var q = http.Request.Query["q"].ToString();
        Guid? parent = null;
        var rawParent = http.Request.Query["parent_id"].ToString();
        if (rawParent.Length > 0)
        {
            if (Guid.TryParseExact(rawParent, "D", out var p)) parent = p;
            else errors.Add("parent_id", "Must be a UUID.");
        }
        if (q.Length > 200) errors.Add("q", "At most 200 characters.");
        if (!errors.IsEmpty)
            return ApiProblem.Validation(errors);
        var page = await documents.ListAsync(ApiKeyAuth.OrganizationOf(http), new DocumentFilter(status, after, before, q.Length > 0 ? q : null, parent), limit, cursor, ct);
        return TypedResults.Ok(new ListResponse<DocumentDto>(page.Items.Select(DocumentDto.From).ToList(),
            new Pagination(page.Total, limit, page.HasMore, page.NextCursor)));
    }

    private static async Task<Results<Ok<DocumentDto>, ProblemHttpResult>> Get(string id, HttpContext http, DocumentStore documents, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var docId, out var bad)) return bad!;
        var doc = await documents.GetAsync(ApiKeyAuth.OrganizationOf(http), docId, ct);
        return doc is null ? ApiProblem.NotFound("document") : TypedResults.Ok(DocumentDto.From(doc));
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Content(string id, HttpContext http, DocumentStore documents, IBlobStore blobs, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var docId, out var bad)) return bad!;
        var doc = await documents.GetAsync(ApiKeyAuth.OrganizationOf(http), docId, ct);
        if (doc is null)
            return ApiProblem.NotFound("document");
        if (doc.Status == DocumentStatuses.Error)
            return ApiProblem.Conflict($"The document could not be parsed ({doc.ErrorCode}): {doc.ErrorMessage}");
        if (doc.ContentSha256 is null || await blobs.OpenReadAsync(doc.ContentSha256, ct) is not { } stream)
            return ApiProblem.Conflict("The document is still being parsed; its content is available once its status is completed.");
        return TypedResults.Stream(stream, "application/json");
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> File(string id, HttpContext http, DocumentStore documents, IBlobStore blobs, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var docId, out var bad)) return bad!;
        var doc = await documents.GetAsync(ApiKeyAuth.OrganizationOf(http), docId, ct);
        if (doc is null || await blobs.OpenReadAsync(doc.Sha256, ct) is not { } stream)
            return ApiProblem.NotFound("document");
        return TypedResults.Stream(stream, doc.MimeType, Path.GetFileName(doc.Filename));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, HttpContext http, DocumentStore documents, IBlobStore blobs, PageImages pages, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var docId, out var bad)) return bad!;
        var org = ApiKeyAuth.OrganizationOf(http);
        if (await documents.GetAsync(org, docId, ct) is null)
            return ApiProblem.NotFound("document");
        if (await documents.InUnfinishedJobAsync(docId, ct))
            return ApiProblem.Conflict("The document is part of a job that is still running. Cancel the job or wait for it to end.");
        foreach (var sha in await documents.DeleteAsync(org, docId, ct))
        {
            await blobs.DeleteAsync(sha, ct);
            pages.Forget(sha);
        }
        return TypedResults.NoContent();
    }

    /// <summary>Lifts the server's default body limit for uploads; the handler sets the configured one.</summary>
    private sealed class RequestSizeLimitMetadata : Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => null;
    }
}
