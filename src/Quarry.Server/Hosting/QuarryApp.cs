using Quarry.Server.Auth;
using Quarry.Server.Dashboard;
using Quarry.Server.Documents;
using Quarry.Server.Http;
using Quarry.Server.Idempotency;
using Quarry.Server.Jobs;
using Quarry.Server.Registry;
using Quarry.Server.Results;
using Quarry.Server.Review;
using Quarry.Server.Schemas;
using Quarry.Server.Telemetry;
using Quarry.Server.Webhooks;
using Scalar.AspNetCore;

namespace Quarry.Server.Hosting;

/// <summary>
/// The server, built the same way by <c>dotnet run --project src/Quarry.Server</c> and by <c>quarry serve</c>. What it
/// serves depends on its role (<c>Quarry:Role</c>): the API, the workers, or both; every role answers <c>/healthz</c> and <c>/metrics</c>.
/// </summary>
public static class QuarryApp
{
    public const string DefaultUrls = "http://localhost:5080";

    public static WebApplication Build(string[] args)
    {
        // The server assembly's name, whichever program hosts it: the OpenAPI document and the environment read it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(QuarryApp).Assembly.GetName().Name });
        builder.WebHost.UseUrls(builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"] ?? DefaultUrls);

        builder.AddQuarryLogging();
        builder.AddQuarryTelemetry();
        builder.Services.AddQuarry(builder.Configuration);
        builder.Services.AddReview();
        builder.Services.AddDashboard();
        builder.Services.AddQuarryProblems();
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddOpenApi(o => o.DocumentIdempotencyKey());

        var app = builder.Build();
        // Read after Build, so settings a test host adds are seen too.
        var role = QuarryRoles.FromConfiguration(app.Configuration);

        app.UseMiddleware<RequestIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok", role = role.Name() })).ExcludeFromDescription();
        app.MapQuarryMetrics();
        if (!role.ServesApi())
            return app;

        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        app.MapDashboard();

        // Authentication and the rate limit first, then Idempotency-Key (it needs the organization), then the handler.
        var v1 = app.MapGroup("/v1").AddEndpointFilter<ApiKeyAuth>().AddEndpointFilter<IdempotencyFilter>();
        v1.MapDocuments();
        v1.MapSchemas();
        v1.MapJobs();
        v1.MapResults();
        v1.MapWebhooks();
        v1.MapReview();
        v1.MapRegistry();
        v1.MapPages();
        return app;
    }

    /// <summary>Builds the server, prepares the database (<see cref="Bootstrap"/>) and serves until stopped.</summary>
    public static async Task RunAsync(string[] args, CancellationToken ct = default)
    {
        var app = Build(args);
        await Bootstrap.RunAsync(app.Services, app.Lifetime.ApplicationStopping);
        await app.RunAsync(ct); // disposes the app when it stops
    }
}
