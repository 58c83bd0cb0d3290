using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Quarry.Core;
using Quarry.Core.Documents;
using Quarry.Data;
using Quarry.Data.Stores;
using Quarry.Server.Auth;
using Quarry.Server.Documents;
using Quarry.Server.Http;
using Quarry.Server.Review;

namespace Quarry.Server.Registry;

/// <summary>The Field Registry: inspect what was learned, forget it, and teach it from labelled documents.</summary>
public static class RegistryEndpoints
{
    public const int MaxExamples = 500;

    public static RouteGroupBuilder MapRegistry(this RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/registry").WithTags("Registry");
        g.MapGet("/fields", List).WithSummary("The rules learned per schema field (filters: schema, field, layout)");
        g.MapDelete("/fields/{id}", DeleteOne).WithSummary("Forget one rule");
        g.MapDelete("/fields", DeleteMany).WithSummary("Forget a schema's registry (schema=NAME), or one field of it (&field=NAME)");
        g.MapPost("/learn", Learn).DocumentsBody<RegistryLearnBody>().WithSummary("Teach the registry from documents and their known values");
        return v1;
    }

    private static async Task<Results<Ok<ListResponse<RegistryRuleDto>>, ProblemHttpResult>> List(HttpContext http, RegistryStore store, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        RequestParsing.TryPaging(http.Request, errors, out var limit, out var cursor);
        if (!errors.IsEmpty) return ApiProblem.Validation(errors);
        Guid? after = Cursor.TryDecode(cursor, out _, out var id) ? id : null;
        string? Q(string name) => http.Request.Query[name].ToString() is { Length: > 0 } v ? v : null;
        var page = await store.ListAsync(ApiKeyAuth.OrganizationOf(http), Q("schema"), Q("field"), Q("layout"), limit, after, ct);
        return TypedResults.Ok(new ListResponse<RegistryRuleDto>(page.Items.Select(RegistryRuleDto.From).ToList(),
            new Pagination(page.Total, limit, page.HasMore, page.NextCursor)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteOne(string id, HttpContext http, RegistryStore store, CancellationToken ct)
    {
        if (!RequestParsing.TryId(id, "id", out var ruleId, out var bad)) return bad!;
        return await store.DeleteAsync(ApiKeyAuth.OrganizationOf(http), ruleId, ct) ? TypedResults.NoContent() : ApiProblem.NotFound("registry rule");
    }

    private static async Task<Results<Ok<RegistryDeleted>, ProblemHttpResult>> DeleteMany(HttpContext http, RegistryStore store, CancellationToken ct)
    {
        var schema = http.Request.Query["schema"].ToString();
        if (schema.Length == 0)
            return ApiProblem.Validation("schema", "Required: the name of the schema whose registry to forget (delete one rule with DELETE /v1/registry/fields/{id}).");
        var field = http.Request.Query["field"].ToString() is { Length: > 0 } f ? f : null;
        var n = await store.DeleteAsync(ApiKeyAuth.OrganizationOf(http), schema, field, ct);
        return TypedResults.Ok(new RegistryDeleted(n));
    }

    /// <summary>
    /// <c>{schema_id, examples: [{document_id, values: {field: value}}]}</c>: each document must be parsed; values are
    /// checked like review corrections. Learned in the order given.
    /// </summary>
    private static async Task<Results<Ok<RegistryLearned>, ProblemHttpResult>> Learn(HttpContext http, SchemaStore schemas, DocumentStore documents,
        RegistryService registry, CancellationToken ct)
    {
        var (body, problem) = await RequestParsing.ReadJsonObjectAsync(http.Request, ct);
        if (problem is not null) return problem;
        var errors = new ValidationErrors();
        foreach (var p in body.EnumerateObject().Where(p => p.Name is not ("schema_id" or "examples")))
            errors.Add(p.Name, $"Unknown property '{p.Name}'. Expected: schema_id, examples.");
        var org = ApiKeyAuth.OrganizationOf(http);
        SchemaRecord? schema = null;
        if (!body.TryGetProperty("schema_id", out var s) || s.ValueKind != JsonValueKind.String || !Guid.TryParseExact(s.GetString(), "D", out var schemaId))
            errors.Add("schema_id", "Required: the id of the schema whose fields the values are.");
        else if ((schema = await schemas.GetAsync(org, schemaId, ct)) is null)
            errors.Add("schema_id", "No schema with this id exists for your organization.");
        if (!body.TryGetProperty("examples", out var ex) || ex.ValueKind != JsonValueKind.Array || ex.GetArrayLength() is 0 or > MaxExamples)
            errors.Add("examples", $"Required: an array of 1 to {MaxExamples} {{document_id, values}} objects.");
        if (!errors.IsEmpty || schema is null) return ApiProblem.Validation(errors);

        var fields = schema.FieldDefinitions();
        var examples = new List<(DocumentContent, IReadOnlyDictionary<string, JsonNode?>)>();
        var i = 0;
        foreach (var e in ex.EnumerateArray())
        {
            var at = $"examples[{i++}]";
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("document_id", out var d) || d.ValueKind != JsonValueKind.String
                || !Guid.TryParseExact(d.GetString(), "D", out var docId))
            {
                errors.Add(at + ".document_id", "Required: a document id.");
                continue;
            }
            var (change, valueErrors) = e.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Object
                ? ReviewRequest.ParsePatch(JsonSerializer.SerializeToElement(new { values = v }), fields)
                : (null, ValidationErrors.Of("values", "Required: an object of field → value."));
            foreach (var (k, msgs) in valueErrors)
                msgs.ForEach(m => errors.Add($"{at}.{k}", m));
            var doc = await documents.GetAsync(org, docId, ct);
            if (doc is null)
                errors.Add(at + ".document_id", "No document with this id exists for your organization.");
            else if (doc.Status != DocumentStatuses.Completed || await registry.ContentAsync(doc, ct) is not { } content)
                errors.Add(at + ".document_id", "The document is not parsed (yet); learn from it once its status is completed.");
            else if (change is not null)
                examples.Add((content, change.Values));
        }
        if (!errors.IsEmpty) return ApiProblem.Validation(errors);
        await registry.LearnAsync(org, schema.Name, fields, examples, ct);
        return TypedResults.Ok(new RegistryLearned(examples.Count, schema.Name));
    }
}

public sealed record RegistryDeleted(int Deleted);

public sealed record RegistryLearned(int Learned, string Schema);

/// <summary>For the OpenAPI document only: the handler reads the body by hand.</summary>
public sealed record RegistryLearnBody(Guid SchemaId, IReadOnlyList<RegistryExampleBody> Examples);

public sealed record RegistryExampleBody(Guid DocumentId, JsonObject Values);

/// <summary>
/// One learned rule. <c>layout</c> is the fingerprint id (<c>*</c>: the global level); <c>kind</c> constant, label,
/// label_above or item (an array item between two tokens), or a measurement record (item_fill, known, template,
/// date_order; constancy records are not listed); <c>label</c> the phrase before the value (an item rule's "before|after"); <c>value</c> a constant's value; <c>accuracy</c> as phase 1 uses it (the learning example is not a test; <see cref="Core.Extraction.Registry.RegistryRule.Accuracy"/>).
/// </summary>
public sealed record RegistryRuleDto(Guid Id, string Schema, string Field, string Layout, string Kind, string? Label, string? Shape, int Words,
    JsonNode? Value, RegistryPosition? Position, double Seen, double Right, double Accuracy, DateTimeOffset UpdatedAt)
{
    public static RegistryRuleDto From(RegistryRuleRecord r) => new(r.Id, r.SchemaName, r.Field, r.Layout, r.Kind,
        r.Kind == Core.Extraction.Registry.RuleKinds.Constant ? null : r.RuleKey, r.Shape, r.Words,
        r.Value is null ? null : JsonNode.Parse(r.Value),
        r.Kind == Core.Extraction.Registry.RuleKinds.Constant ? null : new RegistryPosition(Math.Round(r.X, 4), Math.Round(r.Y, 4)),
        r.Seen, r.RightCount, Math.Round(Core.Extraction.Registry.RegistryRule.AccuracyOf(r.Kind, r.Seen, r.RightCount), 4), r.UpdatedAt);
}

public sealed record RegistryPosition(double X, double Y);
