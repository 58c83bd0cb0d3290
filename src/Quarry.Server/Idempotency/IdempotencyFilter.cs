using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Quarry.Data.Stores;
using Quarry.Server.Auth;
using Quarry.Server.Hosting;
using Quarry.Server.Http;

namespace Quarry.Server.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on every POST of /v1 (after authentication and the rate limit). The key is taken in the
/// database before the handler runs, so a concurrent duplicate, in this process or another, gets <c>409</c> instead of
/// running too. A request that succeeds (2xx) stores its answer for 24 hours: a repeat with the same key and the same
/// request (method, path, body) gets that answer back, marked <c>Idempotent-Replayed: true</c>, and does nothing; the
/// same key with another request is <c>409</c>. A request that fails (4xx, 5xx, an exception) changed nothing, so it
/// releases the key for a corrected retry.
/// </summary>
public sealed class IdempotencyFilter(IdempotencyStore store, IOptions<QuarryOptions> options, ILogger<IdempotencyFilter> log) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>How long a key and its answer are kept (the contract's 24 hours).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>How long a running request's hold on its key lasts without renewal: what a crashed process costs its keys.</summary>
    public static readonly TimeSpan LockFor = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);
    private static readonly string[] KeptHeaders = ["Content-Type", "Location"];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Headers.TryGetValue(Header, out var values))
            return await next(context);
        var key = values.ToString();
        if (!IsValidKey(key))
            return ApiProblem.Validation(Header, $"Must be 1 to {MaxKeyLength} printable ASCII characters, e.g. a UUID.");

        var org = ApiKeyAuth.OrganizationOf(http);
        var owner = "req:" + Guid.NewGuid().ToString("N");
        var ct = http.RequestAborted;
        var (outcome, record) = await store.TryBeginAsync(org, key, owner, LockFor, Retention, ct);
        return outcome switch
        {
            IdempotencyOutcome.Began => await RunAsync(context, next, org, key, owner),
            IdempotencyOutcome.Completed => await ReplayAsync(http, record!),
            _ => InProgress(http),
        };
    }

    private async Task<object?> RunAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, Guid org, string key, string owner)
    {
        var http = context.HttpContext;
        using var hash = NewHash(http.Request);
        var body = new HashingReadStream(http.Request.Body, hash);
        http.Request.Body = body;
        using var stopRenewing = new CancellationTokenSource();
        var renewing = RenewAsync(org, key, owner, stopRenewing.Token);
        var responseBody = http.Response.Body;
        using var captured = new MemoryStream();
        try
        {
            var result = await next(context);
            // Run the result here, into memory, to keep the exact answer (POST answers are small JSON documents).
            http.Response.Body = captured;
            await AsResult(result).ExecuteAsync(http);
            http.Response.Body = responseBody;
            await StopAsync(stopRenewing, renewing);

            var status = http.Response.StatusCode;
            if (status is >= 200 and < 300)
            {
                await body.DrainAsync(http.RequestAborted);
                var headers = KeptHeaders.Where(h => http.Response.Headers.ContainsKey(h))
                    .ToDictionary(h => h, h => http.Response.Headers[h].ToString());
                var stored = await store.CompleteAsync(org, key, owner, hash.Finish(), status, JsonSerializer.Serialize(headers),
                    Encoding.UTF8.GetString(captured.GetBuffer(), 0, (int)captured.Length), CancellationToken.None);
                if (!stored)
                    log.LogWarning("Idempotency key {Key} was taken over while its request ran; the answer was not stored", key);
            }
            else
            {
                await store.ReleaseAsync(org, key, owner, CancellationToken.None);
            }
            captured.Position = 0;
            await captured.CopyToAsync(responseBody, http.RequestAborted);
            return TypedResults.Empty;
        }
        catch
        {
            http.Response.Body = responseBody;
            await StopAsync(stopRenewing, renewing);
            await store.ReleaseAsync(org, key, owner, CancellationToken.None);
            throw;
        }
    }

    private async Task<object?> ReplayAsync(HttpContext http, IdempotencyRecord record)
    {
        // The repeat must be the same request: hash its body too (read and dropped, never stored).
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false, MaxRequestBodySize: null } size)
            size.MaxRequestBodySize = options.Value.Limits.MaxUploadBytes;
        using var hash = NewHash(http.Request);
        await new HashingReadStream(http.Request.Body, hash).DrainAsync(http.RequestAborted);
        if (hash.Finish() != record.RequestHash)
        {
            return ApiProblem.Conflict(
                $"The Idempotency-Key '{record.IdempotencyKey}' was already used with a different request (method, path or body) in the last {Retention.TotalHours:0} hours. Use a new key for a new request.");
        }
        http.Response.StatusCode = record.ResponseStatus ?? StatusCodes.Status200OK;
        foreach (var (name, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(record.ResponseHeaders ?? "{}") ?? [])
            http.Response.Headers[name] = value;
        http.Response.Headers[ReplayedHeader] = "true";
        await http.Response.WriteAsync(record.ResponseBody ?? "", Encoding.UTF8, http.RequestAborted);
        return TypedResults.Empty;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult InProgress(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return ApiProblem.Conflict("A request with this Idempotency-Key is still running. Retry once it has finished to get its answer.");
    }

    private static IResult AsResult(object? result) => result switch
    {
        IResult r => r,
        null => TypedResults.Empty,
        _ => TypedResults.Json(result, ApiJson.Options),
    };

    private async Task RenewAsync(Guid org, string key, string owner, CancellationToken stop)
    {
        try
        {
            using var timer = new PeriodicTimer(RenewEvery);
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (!await store.RenewAsync(org, key, owner, LockFor, stop))
                    return;
            }
        }
        catch (OperationCanceledException)
        {
            // The request ended.
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not renew the hold on idempotency key {Key}", key);
        }
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task renewing)
    {
        await stop.CancelAsync();
        await renewing;
    }

    private static RequestHash NewHash(HttpRequest request) =>
        new(request.Method, request.Path.Value + request.QueryString.Value, request.ContentType);

    private static bool IsValidKey(string key) =>
        key.Length is > 0 and <= MaxKeyLength && key.All(c => c is >= ' ' and <= '~');
}
