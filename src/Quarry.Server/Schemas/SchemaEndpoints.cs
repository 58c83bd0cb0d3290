using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Quarry.Core;
using Quarry.Core.Schemas;
using Quarry.Data.Stores;
using Quarry.Server.Auth;
using Quarry.Server.Documents;
using Quarry.Server.Http;

namespace Quarry.Server.Schemas;

public static class SchemaEndpoints
{
    public static RouteGroupBuilder MapSchemas(this RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/schemas").WithTags("Schemas");
        g.MapPost("/", Create).DocumentsBody<SchemaBody>()
            .WithSummary("Create a schema from a JSON Schema, a field list, or a flat name → type map");
        g.MapGet("/", List).WithSummary("List schemas");
        g.MapGet("/{id}", Get).WithSummary("Get a schema (its latest version, or ?version=N)");
        g.MapPut("/{id}", Update).DocumentsBody<SchemaBody>().WithSummary("Replace a schema's fields: creates a new version");
        g.MapDelete("/{id}", Delete).WithSummary("Delete a schema; jobs that used it keep their version");
        return g;
    }

    private static async Task<Results<Created<SchemaDto>, ProblemHttpResult>> Create(HttpContext http, SchemaStore schemas, CancellationToken ct)
    {
        var (definition, problem) = await ReadDefinitionAsync(http.Request, ct);
        if (problem is not null) return problem;
        var record = await schemas.CreateAsync(ApiKeyAuth.OrganizationOf(http), definition!.Name, definition.Description,
            SchemaWriter.FieldList(definition.Fields).ToJsonString(), ct);
        var dto = SchemaDto.From(record);
        return TypedResults.Created(dto.Links["self"], dto);
    }

    private static async Task<Results<Ok<SchemaDto>, ProblemHttpResult>> Update(string id, HttpContext http, SchemaStore schemas, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var schemaId, out var bad)) return bad!;
        var org = ApiKeyAuth.OrganizationOf(http);
        if (await schemas.GetAsync(org, schemaId, ct) is null)
            return ApiProblem.NotFound("schema");
        var (definition, problem) = await ReadDefinitionAsync(http.Request, ct);
        if (problem is not null) return problem;
        var record = await schemas.UpdateAsync(org, schemaId, definition!.Name, definition.Description,
            SchemaWriter.FieldList(definition.Fields).ToJsonString(), ct);
        return record is null ? ApiProblem.NotFound("schema") : TypedResults.Ok(SchemaDto.From(record));
    }

    private static async Task<Results<Ok<ListResponse<SchemaDto>>, ProblemHttpResult>> List(HttpContext http, SchemaStore schemas, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (!RequestParsing.TryPaging(http.Request, errors, out var limit, out var cursor))
            return ApiProblem.Validation(errors);
        var page = await schemas.ListAsync(ApiKeyAuth.OrganizationOf(http), limit, cursor, ct);
        return TypedResults.Ok(new ListResponse<SchemaDto>(page.Items.Select(SchemaDto.From).ToList(),
            new Pagination(page.Total, limit, page.HasMore, page.NextCursor)));
    }

    private static async Task<Results<Ok<SchemaDto>, ProblemHttpResult>> Get(string id, HttpContext http, SchemaStore schemas, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var schemaId, out var bad)) return bad!;
        var record = await schemas.GetAsync(ApiKeyAuth.OrganizationOf(http), schemaId, ct);
        if (record is null)
            return ApiProblem.NotFound("schema");
        var rawVersion = http.Request.Query["version"].ToString();
        if (rawVersion.Length == 0)
            return TypedResults.Ok(SchemaDto.From(record));
        if (!int.TryParse(rawVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            return ApiProblem.Validation("version", "Must be a positive whole number.");
        var old = await schemas.GetVersionAsync(schemaId, version, ct);
        return old is null ? ApiProblem.Validation("version", $"The schema has versions 1 to {record.Version}.") : TypedResults.Ok(SchemaDto.From(old));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, HttpContext http, SchemaStore schemas, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var schemaId, out var bad)) return bad!;
        return await schemas.DeleteAsync(ApiKeyAuth.OrganizationOf(http), schemaId, ct) ? TypedResults.NoContent() : ApiProblem.NotFound("schema");
    }

    private static async Task<(SchemaDefinition?, ProblemHttpResult?)> ReadDefinitionAsync(HttpRequest request, CancellationToken ct)
    {
        var (body, problem) = await RequestParsing.ReadJsonObjectAsync(request, ct);
        if (problem is not null)
            return (null, problem);
        var (definition, errors) = SchemaParser.Parse(body);
        return definition is null ? (null, ApiProblem.Validation(errors)) : (definition, null);
    }
}
