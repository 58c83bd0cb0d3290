using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Quarry.Server.Tests;

/// <summary>Traces are recorded and exported only when an OTLP endpoint is configured; metrics are always served.</summary>
[Collection(nameof(MetricsCollection))]
public sealed class TelemetrySetupTests : DatabaseTest
{
    [Fact]
    public async Task Without_an_otlp_endpoint_no_traces_are_kept()
    {
        await using var host = new QuarryHost(Db);
        _ = host.CreateClient();
        Assert.Null(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task An_otlp_endpoint_turns_tracing_on()
    {
        // Nothing listens there: an exporter that cannot send drops its batches and never fails the server.
        await using var host = new QuarryHost(Db, new Dictionary<string, string?> { ["Quarry:Telemetry:OtlpEndpoint"] = "http://127.0.0.1:9" });
        var client = host.CreateClient();
        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);
    }
}
