namespace Quarry.Server.Http;

/// <summary>Gives every request an id (the caller's X-Request-Id when it is sane), echoed in the response and in errors.</summary>
public sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Request-Id";

    public Task InvokeAsync(HttpContext http)
    {
        var incoming = http.Request.Headers[Header].ToString();
        http.TraceIdentifier = IsSane(incoming) ? incoming : "req_" + Guid.NewGuid().ToString("N");
        http.Response.Headers[Header] = http.TraceIdentifier;
        return next(http);
    }

    private static bool IsSane(string id) =>
        id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
