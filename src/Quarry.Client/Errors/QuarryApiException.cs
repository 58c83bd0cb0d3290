using System.Net;

namespace Quarry.Client;

/// <summary>
/// An error answer of the API (RFC 9457 problem+json): <see cref="Status"/>, <see cref="Code"/> (e.g.
/// <c>validation_error</c>), <see cref="Title"/>, <see cref="Detail"/> and, for validation errors, <see cref="Errors"/>
/// (path → messages). Catch the subclasses for the cases a caller handles: <see cref="QuarryValidationException"/>
/// (400), <see cref="QuarryUnauthorizedException"/> (401), <see cref="QuarryNotFoundException"/> (404),
/// <see cref="QuarryConflictException"/> (409), <see cref="QuarryRateLimitedException"/> (429).
/// </summary>
public class QuarryApiException : Exception
{
    public QuarryApiException(QuarryProblem problem)
        : base(problem.Summary()) => Problem = problem;

    /// <summary>Everything the answer said.</summary>
    public QuarryProblem Problem { get; }

    public int Status => Problem.Status;

    public HttpStatusCode StatusCode => (HttpStatusCode)Problem.Status;

    /// <summary>The error's URI, <c>urn:quarry:error:&lt;code&gt;</c>.</summary>
    public string? Type => Problem.Type;

    public string? Title => Problem.Title;

    public string? Detail => Problem.Detail;

    /// <summary>The stable machine-readable code: <c>validation_error</c>, <c>unauthorized</c>, <c>not_found</c>, <c>conflict</c>, <c>rate_limited</c>, …</summary>
    public string? Code => Problem.Code;

    /// <summary>The server's request id: quote it when reporting a problem.</summary>
    public string? RequestId => Problem.RequestId;

    /// <summary>For validation errors: the offending field or parameter (e.g. <c>document_ids[2]</c>) → messages.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors => Problem.Errors;

    /// <summary>The server's <c>Retry-After</c>, when it sent one (429, 503, a 409 for a key in use).</summary>
    public TimeSpan? RetryAfter => Problem.RetryAfter;

    internal static QuarryApiException For(QuarryProblem problem) => problem.Status switch
    {
        400 => new QuarryValidationException(problem),
        401 => new QuarryUnauthorizedException(problem),
        404 => new QuarryNotFoundException(problem),
        409 => new QuarryConflictException(problem),
        429 => new QuarryRateLimitedException(problem),
        _ => new QuarryApiException(problem),
    };
}

/// <summary>400: the request is not valid; <see cref="QuarryApiException.Errors"/> says where.</summary>
public sealed class QuarryValidationException(QuarryProblem problem) : QuarryApiException(problem);

/// <summary>401: the API key is missing, unknown or revoked.</summary>
public sealed class QuarryUnauthorizedException(QuarryProblem problem) : QuarryApiException(problem);

/// <summary>404: no such resource for this key's organization (another organization's is indistinguishable).</summary>
public sealed class QuarryNotFoundException(QuarryProblem problem) : QuarryApiException(problem);

/// <summary>409: the resource's state forbids the change (e.g. cancelling an ended job), or the Idempotency-Key was used for another request.</summary>
public sealed class QuarryConflictException(QuarryProblem problem) : QuarryApiException(problem);

/// <summary>429: the key's rate limit, still exceeded after the client's retries; <see cref="QuarryApiException.RetryAfter"/> says when to come back.</summary>
public sealed class QuarryRateLimitedException(QuarryProblem problem) : QuarryApiException(problem);
