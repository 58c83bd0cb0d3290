using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Quarry.Server.Http;

/// <summary>One problem+json pipeline: every error response — returned, thrown or produced by the framework — has a code and the request id.</summary>
public static class ProblemSetup
{
    public static IServiceCollection AddQuarryProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var status = ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode;
            var code = ctx.ProblemDetails.Extensions.TryGetValue("code", out var c) && c is string s ? s : ApiProblem.CodeFor(status);
            ctx.ProblemDetails.Extensions["code"] = code;
            ctx.ProblemDetails.Type = ApiProblem.TypeFor(code);
            ctx.ProblemDetails.Extensions["request_id"] = ctx.HttpContext.TraceIdentifier;
            ctx.ProblemDetails.Extensions.Remove("traceId");
            ctx.ProblemDetails.Extensions.Remove("trace_id");
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
        });
        services.AddExceptionHandler<ExceptionToProblem>();
        return services;
    }
}

/// <summary>Turns what escaped a handler into a problem. Bad requests the framework detects stay 4xx; anything else is a 500 without details.</summary>
public sealed class ExceptionToProblem(IProblemDetailsService problems, ILogger<ExceptionToProblem> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, code, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: 413 } => (413, ApiProblem.PayloadTooLarge, "The request body is too large."),
            BadHttpRequestException b => (b.StatusCode, ApiProblem.CodeFor(b.StatusCode), b.Message),
            JsonException => (400, ApiProblem.ValidationError, "The body is not valid JSON."),
            OperationCanceledException when http.RequestAborted.IsCancellationRequested => (499, "client_closed_request", "The client closed the request."),
            _ => (500, ApiProblem.InternalError, "An internal error occurred. Quote the request id when reporting it."),
        };
        if (status >= 500)
            log.LogError(exception, "Unhandled error on {Method} {Path} (request {RequestId})", http.Request.Method, http.Request.Path, http.TraceIdentifier);
        if (http.RequestAborted.IsCancellationRequested)
            return true;
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Title = status >= 500 ? "Internal error." : "Bad request.",
                Detail = detail,
                Extensions = { ["code"] = code },
            },
        });
    }
}
