using Quarry.Server.Auth;
using Quarry.Server.Documents;
using Quarry.Server.Hosting;
using Quarry.Server.Http;
using Quarry.Server.Idempotency;
using Quarry.Server.Jobs;
using Quarry.Server.Registry;
using Quarry.Server.Results;
using Quarry.Server.Review;
using Quarry.Server.Schemas;
using Quarry.Server.Webhooks;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"] ?? "http://localhost:5080");

builder.Services.AddQuarry(builder.Configuration);
builder.Services.AddReview();
builder.Services.AddQuarryProblems();
builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
builder.Services.AddOpenApi(o => o.DocumentIdempotencyKey());

var app = builder.Build();
await Bootstrap.RunAsync(app.Services, app.Lifetime.ApplicationStopping);

app.UseMiddleware<RequestIdMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription();
app.MapOpenApi();
app.MapScalarApiReference("/docs");

// Authentication and the rate limit first, then Idempotency-Key (it needs the organization), then the handler.
var v1 = app.MapGroup("/v1").AddEndpointFilter<ApiKeyAuth>().AddEndpointFilter<IdempotencyFilter>();
v1.MapDocuments();
v1.MapSchemas();
v1.MapJobs();
v1.MapResults();
v1.MapReview();
v1.MapRegistry();
v1.MapWebhooks();

app.Run();

/// <summary>Visible to the test host.</summary>
public partial class Program;
