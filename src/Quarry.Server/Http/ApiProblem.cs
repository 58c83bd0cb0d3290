using Microsoft.AspNetCore.Http.HttpResults;
using Quarry.Core;

namespace Quarry.Server.Http;

/// <summary>
/// The API's errors: RFC 9457 problem+json with a stable <c>code</c>; <c>request_id</c> is added to every problem by
/// <see cref="ProblemSetup"/>. Expected failures are returned, never thrown.
/// </summary>
public static class ApiProblem
{
    public const string ValidationError = "validation_error";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFoundCode = "not_found";
    public const string ConflictCode = "conflict";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string RateLimited = "rate_limited";
    public const string InternalError = "internal_error";
    public const string ServiceUnavailable = "service_unavailable";

    public static string CodeFor(int status) => status switch
    {
        400 => ValidationError,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFoundCode,
        405 => "method_not_allowed",
        409 => ConflictCode,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        503 => ServiceUnavailable,
        _ => status >= 500 ? InternalError : "error",
    };

    public static string TypeFor(string code) => $"urn:quarry:error:{code}";

    public static ProblemHttpResult Validation(ValidationErrors errors, string? detail = null) =>
        Make(400, ValidationError, "The request is not valid.", detail ?? Summary(errors), errors);

    public static ProblemHttpResult Validation(string path, string message) =>
        Validation(ValidationErrors.Of(path, message));

    public static ProblemHttpResult NotFound(string what) =>
        Make(404, NotFoundCode, "Not found.", $"No {what} with this id exists for your organization.");

    public static ProblemHttpResult Conflict(string detail) => Make(409, ConflictCode, "Conflict.", detail);

    public static ProblemHttpResult TooLarge(string detail) => Make(413, PayloadTooLarge, "Payload too large.", detail);

    public static ProblemHttpResult UnsupportedMedia(string detail) => Make(415, UnsupportedMediaType, "Unsupported media type.", detail);

    /// <summary>503 with Retry-After: the server is healthy but busy; the same request later will be taken.</summary>
    public static ProblemHttpResult Unavailable(HttpResponse response, int retryAfterSeconds, string detail)
    {
        response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Make(503, ServiceUnavailable, "Service unavailable.", detail);
    }

    public static ProblemHttpResult Make(int status, string code, string title, string detail, ValidationErrors? errors = null)
    {
        var ext = new Dictionary<string, object?> { ["code"] = code };
        if (errors is not null)
            ext["errors"] = errors;
        return TypedResults.Problem(detail, null, status, title, TypeFor(code), ext);
    }

    private static string Summary(ValidationErrors errors)
    {
        var first = errors.FirstOrDefault();
        return first.Key is null ? "The request is not valid." : $"{first.Key}: {first.Value.FirstOrDefault()}";
    }
}
