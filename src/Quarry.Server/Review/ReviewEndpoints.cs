using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Quarry.Core;
using Quarry.Core.Schemas;
using Quarry.Data;
using Quarry.Data.Stores;
using Quarry.Server.Auth;
using Quarry.Server.Documents;
using Quarry.Server.Http;
using Quarry.Server.Results;

namespace Quarry.Server.Review;

/// <summary>Review of result rows: correct, approve, reject (one row or many), and each row's append-only history.</summary>
public static class ReviewEndpoints
{
    public static RouteGroupBuilder MapReview(this RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/jobs/{id}/results").WithTags("Review");
        g.MapPatch("/{row_id}", Patch).DocumentsBody<ReviewPatchBody>()
            .WithSummary("Correct a row's values, approve or reject it; corrected cells get confidence 1.0 and phase human");
        g.MapPost("/review", Bulk).DocumentsBody<ReviewBulkBody>().WithSummary("Approve or reject many rows at once");
        g.MapGet("/{row_id}/history", History).WithSummary("Every value a row's cells had, and every approval and rejection, in order");
        return v1;
    }

    private static async Task<Results<Ok<ResultRow>, ProblemHttpResult>> Patch(string id, string row_id, HttpContext http, JobStore jobs,
        SchemaStore schemas, RowStore rows, RowReviewer reviewer, RowPropagation propagation, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var jobId, out var bad)) return bad!;
        if (!RequestParsing.TryId(row_id, "row_id", out var rowId, out bad)) return bad!;
        var (body, problem) = await RequestParsing.ReadJsonObjectAsync(http.Request, ct);
        if (problem is not null) return problem;
        var job = await jobs.GetAsync(ApiKeyAuth.OrganizationOf(http), jobId, ct);
        if (job is null) return ApiProblem.NotFound("job");
        var fields = (await schemas.GetVersionAsync(job.SchemaId, job.SchemaVersion, ct))!.FieldDefinitions();
        var (change, errors) = ReviewRequest.ParsePatch(body, fields);
        if (change is null) return ApiProblem.Validation(errors);

        var (result, row) = await reviewer.ReviewAsync(job, fields, rowId, change, ApiKeyAuth.KeyOf(http), ct);
        if (Refused(result) is { } refused) return refused;
        int? propagated = change.Propagate ? await propagation.PropagateAsync(job, fields, row!, ApiKeyAuth.KeyOf(http), ct) : null;
        return TypedResults.Ok(ResultRows.From(row!, fields, await rows.CellsAsync(rowId, ct), withCells: true) with { PropagatedRows = propagated });
    }

    private static async Task<Results<Ok<DataResponse<ResultRow>>, ProblemHttpResult>> Bulk(string id, HttpContext http, JobStore jobs,
        SchemaStore schemas, RowStore rows, ReviewStore reviews, RowReviewer reviewer, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var jobId, out var bad)) return bad!;
        var (body, problem) = await RequestParsing.ReadJsonObjectAsync(http.Request, ct);
        if (problem is not null) return problem;
        var (rowIds, change, errors) = ReviewRequest.ParseBulk(body);
        if (rowIds is null) return ApiProblem.Validation(errors);
        var job = await jobs.GetAsync(ApiKeyAuth.OrganizationOf(http), jobId, ct);
        if (job is null) return ApiProblem.NotFound("job");
        var fields = (await schemas.GetVersionAsync(job.SchemaId, job.SchemaVersion, ct))!.FieldDefinitions();

        // All or nothing as far as can be checked up front: unknown rows are a 400 naming them, unfinished rows a 409.
        var known = await reviews.RowsOfJobAsync(job.Id, rowIds, ct);
        for (var i = 0; i < rowIds.Count; i++)
        {
            if (!known.Contains(rowIds[i]))
                errors.Add($"row_ids[{i}]", "No row with this id in this job.");
        }
        if (!errors.IsEmpty) return ApiProblem.Validation(errors);
        foreach (var rowId in rowIds)
        {
            var row = await reviews.RowAsync(job.Id, rowId, ct);
            if (row is not null && (row.NextPhase < Core.Extraction.PhaseNames.InOrder.Count || row.Status == Core.Extraction.RowStatuses.Failed))
                return Refused(row.Status == Core.Extraction.RowStatuses.Failed ? ReviewResult.FailedRow : ReviewResult.StillProcessing, rowId)!;
        }

        var data = new List<ResultRow>(rowIds.Count);
        foreach (var rowId in rowIds)
        {
            var (result, row) = await reviewer.ReviewAsync(job, fields, rowId, change!, ApiKeyAuth.KeyOf(http), ct);
            if (Refused(result, rowId) is { } refused) return refused;
            data.Add(ResultRows.From(row!, fields, await rows.CellsAsync(rowId, ct), withCells: false));
        }
        return TypedResults.Ok(new DataResponse<ResultRow>(data));
    }

    private static async Task<Results<Ok<ListResponse<HistoryEntry>>, ProblemHttpResult>> History(string id, string row_id, HttpContext http,
        JobStore jobs, ReviewStore reviews, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var jobId, out var bad)) return bad!;
        if (!RequestParsing.TryId(row_id, "row_id", out var rowId, out bad)) return bad!;
        var errors = new ValidationErrors();
        RequestParsing.TryPaging(http.Request, errors, out var limit, out var cursor, defaultLimit: RequestParsing.MaxLimit, ordinalCursor: true);
        if (!errors.IsEmpty) return ApiProblem.Validation(errors);
        var job = await jobs.GetAsync(ApiKeyAuth.OrganizationOf(http), jobId, ct);
        if (job is null) return ApiProblem.NotFound("job");
        if (await reviews.RowAsync(job.Id, rowId, ct) is null) return ApiProblem.NotFound("row");

        // The history only grows at its end, so "lines seen so far" is a cursor that stays right under concurrent appends.
        var skip = Cursor.TryDecode(cursor, out int seen) ? seen : 0;
        var (lines, total) = await reviews.HistoryAsync(rowId, skip, limit, ct);
        var next = skip + lines.Count < total ? Cursor.Encode(skip + lines.Count) : null;
        return TypedResults.Ok(new ListResponse<HistoryEntry>(lines.Select(HistoryEntry.From).ToList(), new Pagination(total, limit, next is not null, next)));
    }

    private static ProblemHttpResult? Refused(ReviewResult result, Guid? rowId = null) => result switch
    {
        ReviewResult.NotFound => ApiProblem.NotFound("row"),
        ReviewResult.StillProcessing => ApiProblem.Conflict(
            $"{Name(rowId)} has not finished its phases; review it once it has (rows of a cancelled job that never finished cannot be reviewed)."),
        ReviewResult.FailedRow => ApiProblem.Conflict($"The document of {Name(rowId).ToLowerInvariant()} could not be read; there is nothing to review."),
        _ => null,
    };

    private static string Name(Guid? rowId) => rowId is { } r ? string.Create(CultureInfo.InvariantCulture, $"Row {r:D}") : "The row";
}

/// <summary>One line of a row's history.</summary>
public sealed record HistoryEntry(Guid Id, string? Field, string Action, string Phase, System.Text.Json.Nodes.JsonNode? PriorValue,
    System.Text.Json.Nodes.JsonNode? NewValue, string? Reason, Guid? ApiKeyId, int RowVersion, DateTimeOffset CreatedAt)
{
    public static HistoryEntry From(HistoryRecord h) => new(h.Id, h.Field, h.Action, h.Phase,
        h.PriorValue is null ? null : System.Text.Json.Nodes.JsonNode.Parse(h.PriorValue),
        h.NewValue is null ? null : System.Text.Json.Nodes.JsonNode.Parse(h.NewValue),
        h.Reason, h.ApiKeyId, h.RowVersion, h.CreatedAt);
}

/// <summary>For the OpenAPI document only: the handlers read the body by hand.</summary>
public sealed record ReviewPatchBody(System.Text.Json.Nodes.JsonObject? Values, string? Action, string? Reason, string? Propagate);

/// <summary>For the OpenAPI document only.</summary>
public sealed record ReviewBulkBody(IReadOnlyList<Guid> RowIds, string Action, string? Reason);
