using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Quarry.Server.Http;

namespace Quarry.Server.Webhooks;

/// <summary>Reads a webhook body, refusing one far larger than a subscription can be before parsing it.</summary>
public static class WebhookBody
{
    public const int MaxBytes = 64 * 1024;

    public static async Task<(JsonElement Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
            return (default, TooLarge());
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > MaxBytes)
                return (default, TooLarge());
        }
        buffer.Position = 0;
        var original = request.Body;
        request.Body = buffer;
        try
        {
            return await RequestParsing.ReadJsonObjectAsync(request, ct);
        }
        finally
        {
            request.Body = original;
        }
    }

    private static ProblemHttpResult TooLarge() =>
        ApiProblem.TooLarge($"The body is larger than {MaxBytes / 1024} KiB; a webhook's url, events and secret need far less.");
}
