using System.Security.Cryptography;
using System.Text;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Quarry.Server.Telemetry;

/// <summary>
/// Metrics and traces through OpenTelemetry: the Prometheus text format at <c>/metrics</c> in every role, and OTLP
/// export of metrics and traces when <c>Quarry:Telemetry:OtlpEndpoint</c> or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (protocol, headers and the rest from the standard <c>OTEL_*</c> variables).
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";
    private const string Section = "Quarry:Telemetry";

    public static WebApplicationBuilder AddQuarryTelemetry(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var otlp = config[$"{Section}:OtlpEndpoint"];
        var exportOtlp = !string.IsNullOrWhiteSpace(otlp) || !string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        void Otlp(OpenTelemetry.Exporter.OtlpExporterOptions o)
        {
            if (!string.IsNullOrWhiteSpace(otlp))
                o.Endpoint = new Uri(otlp);
        }

        builder.Services.AddSingleton<QueueDepth>();
        builder.Services.AddSingleton<QuarryMetrics>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("quarry", serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()))
            .WithMetrics(m =>
            {
                // Quarry's own meter, ASP.NET Core's request and Kestrel meters, and the runtime's (GC, CPU, threads).
                m.AddMeter(QuarryMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime");
                m.AddPrometheusExporter();
                if (exportOtlp)
                    m.AddOtlpExporter(Otlp);
            });
        if (exportOtlp)
            telemetry.WithTracing(t => t.AddSource(QuarryTracing.SourceName).AddAspNetCoreInstrumentation().AddOtlpExporter(Otlp));
        return builder;
    }

    /// <summary>
    /// <c>GET /metrics</c>. Open by default, as Prometheus scrapers expect: it holds counts and durations summed over
    /// every organization, no ids, names or keys. When <c>Quarry:Telemetry:MetricsToken</c> is set it answers only
    /// <c>Authorization: Bearer &lt;token&gt;</c> (an installation-wide token, not an organization's API key).
    /// </summary>
    public static void MapQuarryMetrics(this WebApplication app)
    {
        var token = app.Configuration[$"{Section}:MetricsToken"];
        if (!string.IsNullOrEmpty(token))
        {
            var expected = Encoding.UTF8.GetBytes("Bearer " + token);
            app.UseWhen(c => c.Request.Path.StartsWithSegments(MetricsPath), b => b.Use(async (context, next) =>
            {
                var given = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
                if (!CryptographicOperations.FixedTimeEquals(given, expected))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    return;
                }
                await next(context);
            }));
        }
        // Created now, not when a worker first needs it: an API process runs no worker, and its scrape should still
        // show the queue depth and the (zero) agent tokens. The meter provider first, so it sees those first zeros.
        _ = app.Services.GetRequiredService<MeterProvider>();
        _ = app.Services.GetRequiredService<QuarryMetrics>();
        app.MapPrometheusScrapingEndpoint(MetricsPath).ExcludeFromDescription();
    }
}
