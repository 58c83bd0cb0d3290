using Quarry.Data.Stores;
using Quarry.Server.Http;

namespace Quarry.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer qk_…</c> on every /v1 endpoint and applies the key's rate limit.
/// Missing, malformed, unknown or revoked keys are all the same 401.
/// </summary>
public sealed class ApiKeyAuth(ApiKeyStore keys, ApiKeyRateLimiter limiter) : IEndpointFilter
{
    private const string ItemKey = "quarry.identity";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        var identity = key is { Length: > 0 } ? await keys.AuthenticateAsync(key, http.RequestAborted) : null;
        if (identity is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ApiProblem.Make(401, ApiProblem.Unauthorized, "Unauthorized.",
                key is null ? "Missing API key. Send Authorization: Bearer <api key>." : "Invalid or revoked API key.");
        }

        var decision = limiter.Take(identity.KeyId);
        var headers = http.Response.Headers;
        headers["X-RateLimit-Limit"] = decision.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = decision.ResetEpochSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!decision.Allowed)
        {
            headers.RetryAfter = decision.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiProblem.Make(429, ApiProblem.RateLimited, "Too many requests.",
                $"Rate limit exceeded. Retry after {decision.RetryAfterSeconds} second(s).");
        }

        http.Items[ItemKey] = identity;
        return await next(context);
    }

    /// <summary>The organization the request authenticated as. Only valid inside the /v1 group.</summary>
    public static Guid OrganizationOf(HttpContext http) =>
        http.Items[ItemKey] is ApiKeyIdentity id ? id.OrganizationId : throw new InvalidOperationException("The request is not authenticated.");

    public static Guid KeyOf(HttpContext http) =>
        http.Items[ItemKey] is ApiKeyIdentity id ? id.KeyId : throw new InvalidOperationException("The request is not authenticated.");
}
