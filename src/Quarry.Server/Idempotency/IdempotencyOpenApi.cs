using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Quarry.Server.Idempotency;

/// <summary>Puts the optional <c>Idempotency-Key</c> header on every POST of /v1 in the OpenAPI document, where the filter takes it.</summary>
public static class IdempotencyOpenApi
{
    public static OpenApiOptions DocumentIdempotencyKey(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, ct) =>
        {
            if (string.Equals(context.Description.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)
                && context.Description.RelativePath?.StartsWith("v1/", StringComparison.Ordinal) == true)
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = IdempotencyFilter.Header,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "Send the same key again (within 24 hours, same request) to get the first answer back instead of running the request twice.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyFilter.MaxKeyLength },
                });
            }
            return Task.CompletedTask;
        });
}
