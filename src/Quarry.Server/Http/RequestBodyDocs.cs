using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Quarry.Server.Http;

/// <summary>
/// Handlers read their bodies by hand (so every bad body gets the API's own 400 after authentication), which hides
/// the body from the OpenAPI generator. This puts it back in the document, from a type that describes it.
/// </summary>
public static class RequestBodyDocs
{
    public static RouteHandlerBuilder DocumentsBody<T>(this RouteHandlerBuilder endpoint, string contentType = "application/json") =>
        endpoint.AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, ct);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { [contentType] = new() { Schema = schema } },
            };
        });
}

/// <summary>The body of POST /v1/jobs, for the API reference.</summary>
public sealed record JobCreateBody(Guid SchemaId, IReadOnlyList<Guid>? DocumentIds, string? Name, int? MaxAgentCalls, long? MaxTokens);

/// <summary>The body of POST/PUT /v1/schemas (the field-list form), for the API reference; JSON Schema and a flat map are accepted too.</summary>
public sealed record SchemaBody(string Name, string? Description, IReadOnlyList<SchemaFieldBody> Fields);

public sealed record SchemaFieldBody(
    string Name, string Type, bool Required, string? Description, IReadOnlyList<string>? Aliases,
    string? Format, string? Pattern, IReadOnlyList<string>? Enum, decimal? Min, decimal? Max, object? Items);

/// <summary>The multipart body of POST /v1/documents, for the API reference.</summary>
public sealed record UploadBody(IFormFile File, string? Metadata);
