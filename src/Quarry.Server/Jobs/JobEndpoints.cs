using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Quarry.Core;
using Quarry.Data;
using Quarry.Data.Stores;
using Quarry.Server.Auth;
using Quarry.Server.Documents;
using Quarry.Server.Hosting;
using Quarry.Server.Http;
using Quarry.Server.Pipeline;
using Quarry.Server.Webhooks;

namespace Quarry.Server.Jobs;

public static class JobEndpoints
{
    private static readonly string[] Statuses = [JobStatuses.Queued, JobStatuses.Processing, JobStatuses.Complete, JobStatuses.Failed, JobStatuses.Cancelled];

    public static RouteGroupBuilder MapJobs(this RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/jobs").WithTags("Jobs");
        g.MapPost("/", Create).DocumentsBody<JobCreateBody>().WithSummary("Run a schema over documents");
        g.MapGet("/", List).WithSummary("List jobs");
        g.MapGet("/{id}", Get).WithSummary("Get a job with its progress");
        g.MapPost("/{id}/cancel", Cancel).WithSummary("Cancel a job; rows already written stay readable");
        return g;
    }

    private static async Task<Results<Created<JobDto>, ProblemHttpResult>> Create(
        HttpContext http, SchemaStore schemas, DocumentStore documents, JobStore jobs, WorkSignal signal,
        IOptions<QuarryOptions> options, TimeProvider time, CancellationToken ct)
    {
        var (body, problem) = await RequestParsing.ReadJsonObjectAsync(http.Request, ct);
        if (problem is not null) return problem;
        var max = options.Value.Limits.MaxDocumentsPerJob;
        var (request, errors) = JobRequest.Parse(body, max);
        if (request is null) return ApiProblem.Validation(errors);

        var org = ApiKeyAuth.OrganizationOf(http);
        var schema = await schemas.GetAsync(org, request.SchemaId, ct);
        if (schema is null)
            return ApiProblem.Validation("schema_id", "No schema with this id exists for your organization.");

        IReadOnlyList<Guid> ids;
        if (request.DocumentIds is { } given)
        {
            var existing = await documents.ExistingAsync(org, given, ct);
            for (var i = 0; i < given.Count; i++)
            {
                if (!existing.Contains(given[i]))
                    errors.Add($"document_ids[{i}]", "No document with this id exists for your organization.");
            }
            if (!errors.IsEmpty) return ApiProblem.Validation(errors);
            ids = given;
        }
        else
        {
            ids = await jobs.DocumentsNotInJobWithSchemaAsync(org, schema.Id, max + 1, ct);
            if (ids.Count == 0)
                return ApiProblem.Validation("document_ids", "Every document of your organization has already been extracted with this schema; upload documents or list document_ids.");
            if (ids.Count > max)
                return ApiProblem.Validation("document_ids", $"More than {max} documents are waiting for this schema; list up to {max} document_ids per job.");
        }

        var fieldCount = schema.FieldDefinitions().Count;
        var agent = options.Value.Agent;
        var budget = new AgentBudget(
            request.MaxAgentCalls ?? (agent.MaxCallsPerJob > 0 ? agent.MaxCallsPerJob : null),
            request.MaxTokens ?? (agent.MaxTokensPerJob > 0 ? agent.MaxTokensPerJob : null));
        var job = await jobs.CreateAsync(org, schema.Id, schema.Version, fieldCount, request.Name, ids, request.ReviewThreshold ?? options.Value.Review.Threshold, budget, ct);
        signal.RowsQueued();
        var dto = JobDto.From(job, await jobs.ProgressAsync(job.Id, ct), time.GetUtcNow());
        return TypedResults.Created(dto.Links["self"], dto);
    }

    private static async Task<Results<Ok<ListResponse<JobDto>>, ProblemHttpResult>> List(HttpContext http, JobStore jobs, TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        RequestParsing.TryPaging(http.Request, errors, out var limit, out var cursor);
        var status = RequestParsing.OneOf(http.Request, "status", Statuses, errors);
        if (!errors.IsEmpty) return ApiProblem.Validation(errors);
        var page = await jobs.ListAsync(ApiKeyAuth.OrganizationOf(http), status, limit, cursor, ct);
        var now = time.GetUtcNow();
        var data = new List<JobDto>(page.Items.Count);
        foreach (var j in page.Items)
            data.Add(JobDto.From(j, await jobs.ProgressAsync(j.Id, ct), now));
        return TypedResults.Ok(new ListResponse<JobDto>(data, new Pagination(page.Total, limit, page.HasMore, page.NextCursor)));
    }

    private static async Task<Results<Ok<JobDto>, ProblemHttpResult>> Get(string id, HttpContext http, JobStore jobs, TimeProvider time, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var jobId, out var bad)) return bad!;
        var job = await jobs.GetAsync(ApiKeyAuth.OrganizationOf(http), jobId, ct);
        return job is null ? ApiProblem.NotFound("job") : TypedResults.Ok(JobDto.From(job, await jobs.ProgressAsync(job.Id, ct), time.GetUtcNow()));
    }

    private static async Task<Results<Ok<JobDto>, ProblemHttpResult>> Cancel(string id, HttpContext http, JobStore jobs, WebhookEvents webhooks, TimeProvider time, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var jobId, out var bad)) return bad!;
        var org = ApiKeyAuth.OrganizationOf(http);
        switch (await jobs.CancelAsync(org, jobId, ct))
        {
            case CancelOutcome.NotFound:
                return ApiProblem.NotFound("job");
            case CancelOutcome.AlreadyEnded:
                var ended = await jobs.GetAsync(org, jobId, ct);
                return ApiProblem.Conflict($"The job already ended with status {ended?.Status}.");
            default:
                var job = (await jobs.GetAsync(org, jobId, ct))!;
                await webhooks.JobEndedAsync(job, CancellationToken.None);
                return TypedResults.Ok(JobDto.From(job, await jobs.ProgressAsync(job.Id, ct), time.GetUtcNow()));
        }
    }
}
