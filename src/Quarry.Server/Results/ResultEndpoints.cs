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

    private static async Task<Results<Ok<ResultsResponse>, ProblemHttpResult>> Get(
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
        var format = http.Request.Query["format"].ToString();
        if (format.Length > 0 && format != "json")
            errors.Add("format", "This server answers results as json; csv, xlsx and ndjson exports are not available yet.");
        if (!errors.IsEmpty) return ApiProblem.Validation(errors);

        var job = await jobs.GetAsync(ApiKeyAuth.OrganizationOf(http), jobId, ct);
        if (job is null)
            return ApiProblem.NotFound("job");
        var schema = await schemas.GetVersionAsync(job.SchemaId, job.SchemaVersion, ct);
        var fields = schema!.FieldDefinitions();

        var page = await rows.RowsAsync(job.Id, status, limited ? limit : null, cursor, ct);
        var cells = await rows.CellsOfJobAsync(job.Id, limited || status is not null ? page.Items.Select(r => r.Id).ToList() : null, ct);
        var withCells = include == "cells";
        var data = page.Items.Select(r => ToRow(r, fields, cells[r.Id], withCells)).ToList();
        var self = $"/v1/jobs/{job.Id:D}/results";
        return TypedResults.Ok(new ResultsResponse(job.Id, job.Status, new ResultsSchemaRef(job.SchemaId, job.SchemaName), page.Total, data,
            new ResultsLinks(self, $"/v1/jobs/{job.Id:D}"))
        {
            Pagination = limited ? new Pagination(page.Total, limit, page.HasMore, page.NextCursor) : null,
        });
    }

    private static ResultRow ToRow(RowRecord r, IReadOnlyList<FieldDefinition> fields, IEnumerable<CellRecord> cellRecords, bool withCells)
    {
        var byField = cellRecords.ToDictionary(c => c.Field, StringComparer.Ordinal);
        var values = new JsonObject();
        var cells = withCells ? new JsonObject() : null;
        foreach (var f in fields)
        {
            byField.TryGetValue(f.Name, out var c);
            values[f.Name] = c?.Value is null ? null : JsonNode.Parse(c.Value);
            if (cells is not null)
            {
                cells[f.Name] = c is null ? null : new JsonObject
                {
                    ["value"] = c.Value is null ? null : JsonNode.Parse(c.Value),
                    ["raw"] = c.Raw,
                    ["confidence"] = c.Confidence,
                    ["phase"] = c.Phase,
                    ["source"] = c.Source is null ? null : JsonNode.Parse(c.Source),
                    ["evidence"] = c.Evidence is null ? null : JsonNode.Parse(c.Evidence),
                };
            }
        }
        var flags = JsonSerializer.Deserialize<List<string>>(r.Flags) ?? [];
        return new ResultRow(r.Id, r.DocumentId, r.Filename, r.Status, values, r.Confidence, flags) { Cells = cells };
    }
}
