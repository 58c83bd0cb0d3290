using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Quarry.Core;
using Quarry.Core.Extraction;
using Quarry.Core.Schemas;
using Quarry.Data;
using Quarry.Data.Stores;
using Quarry.Server.Auth;
using Quarry.Server.Documents;
using Quarry.Server.Http;
using Quarry.Server.Results.Exports;

namespace Quarry.Server.Results;

public static class ResultEndpoints
{
    private static readonly string[] RowStatusValues = [RowStatuses.Processing, RowStatuses.Approved, RowStatuses.Review, RowStatuses.Rejected, RowStatuses.Failed];

    public static RouteGroupBuilder MapResults(this RouteGroupBuilder v1)
    {
        v1.MapGet("/jobs/{id}/results", Get).WithTags("Jobs")
            .WithSummary("The job's grid: one row per document, readable while the job runs");
        return v1;
    }

    private static async Task<Results<Ok<ResultsResponse>, ExportResult, ProblemHttpResult>> Get(
        string id, HttpContext http, JobStore jobs, SchemaStore schemas, RowStore rows, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var jobId, out var bad)) return bad!;
        var errors = new ValidationErrors();
        var limited = http.Request.Query.ContainsKey("limit");
        RequestParsing.TryPaging(http.Request, errors, out var limit, out var cursor, defaultLimit: null, ordinalCursor: true);
        var status = RequestParsing.OneOf(http.Request, "status", RowStatusValues, errors);
        var include = http.Request.Query["include"].ToString();
        if (include.Length > 0 && include != "cells")
            errors.Add("include", "The only value is 'cells'.");
        var export = ReadFormat(http.Request, include, errors);
        if (!errors.IsEmpty) return ApiProblem.Validation(errors);

        var job = await jobs.GetAsync(ApiKeyAuth.OrganizationOf(http), jobId, ct);
        if (job is null)
            return ApiProblem.NotFound("job");
        var schema = await schemas.GetVersionAsync(job.SchemaId, job.SchemaVersion, ct);
        var fields = schema!.FieldDefinitions();
        if (export is not null)
        {
            return new ExportResult(export, $"job-{job.Id:D}-results.{export.Extension}", fields, include == "cells",
                rows.PagesAsync(job.Id, status, ExportResult.PageSize, ct));
        }

        var page = await rows.RowsAsync(job.Id, status, limited ? limit : null, cursor, ct);
        var withCells = include == "cells";
        var cells = await rows.CellsOfJobAsync(job.Id, limited || status is not null ? page.Items.Select(r => r.Id).ToList() : null, withSources: withCells, ct);
        var data = page.Items.Select(r => ResultRows.From(r, fields, cells[r.Id], withCells)).ToList();
        var self = $"/v1/jobs/{job.Id:D}/results";
        return TypedResults.Ok(new ResultsResponse(job.Id, job.Status, new ResultsSchemaRef(job.SchemaId, job.SchemaName), page.Total, data,
            new ResultsLinks(self, $"/v1/jobs/{job.Id:D}"))
        {
            Pagination = limited ? new Pagination(page.Total, limit, page.HasMore, page.NextCursor) : null,
        });
    }

    /// <summary>
    /// <c>format</c>: json (the default) or an export. Exports hold every row that matches <c>status</c>, so paging
    /// parameters are refused rather than ignored; cells travel only in NDJSON (CSV and XLSX carry each field's
    /// confidence in columns of their own).
    /// </summary>
    private static ExportFormat? ReadFormat(HttpRequest request, string include, ValidationErrors errors)
    {
        var raw = request.Query["format"].ToString();
        if (raw.Length == 0 || raw == "json")
            return null;
        var export = ExportFormat.Find(raw);
        if (export is null)
        {
            errors.Add("format", $"Must be one of: json, {string.Join(", ", ExportFormat.All.Select(f => f.Name))}.");
            return null;
        }
        foreach (var paging in new[] { "limit", "cursor" }.Where(request.Query.ContainsKey))
            errors.Add(paging, "Exports hold every matching row; page with format=json.");
        if (include.Length > 0 && !export.TakesCells)
            errors.Add("include", $"Cells are included in ndjson exports only; {export.Name} has a confidence column per field.");
        return export;
    }
}
