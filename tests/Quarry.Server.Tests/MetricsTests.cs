using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Quarry.Server.Tests;

/// <summary><c>GET /metrics</c>: Prometheus text format, in every role, and counters that move when a real job runs.</summary>
[Collection(nameof(MetricsCollection))]
public sealed partial class MetricsTests : HostedTest
{
    [Fact]
    public async Task Metrics_are_prometheus_text_and_move_with_a_real_job()
    {
        var anonymous = Host.CreateClient();
        var before = await ScrapeAsync(anonymous);
        Assert.Contains("# TYPE quarry_agent_tokens_total counter", before.Text, StringComparison.Ordinal);
        Assert.Equal(0, before.Value("quarry_agent_tokens_total", "direction=\"input\""));

        var schema = await Tenant.Client.CreateInvoiceSchemaAsync();
        var docs = await Tenant.Client.UploadAsync(("a.pdf", TestInvoices.October()), ("b.pdf", TestInvoices.November()));
        var job = await Tenant.Client.CreateJobAsync(schema.Id(), docs.Select(d => d!.Id()));
        Assert.Equal("complete", (await Tenant.Client.WaitForJobAsync(job.Id()))["status"]!.GetValue<string>());

        // Other tests' hosts in this process may add to the same series, so the counts are checked as at least.
        var after = await WaitForScrapeAsync(anonymous, s => s.Value("quarry_rows_completed_total") >= before.Value("quarry_rows_completed_total") + 2);
        Assert.True(after.Value("quarry_documents_ingested_total", "outcome=\"completed\"") >= before.Value("quarry_documents_ingested_total", "outcome=\"completed\"") + 2);
        foreach (var phase in new[] { "phase_1_resolve", "phase_2_agent", "phase_3_resolve", "phase_4_transform" })
            Assert.True(after.Value("quarry_phase_duration_seconds_count", $"phase=\"{phase}\"") >= 2, phase);
        Assert.True(after.Value("quarry_document_parse_duration_seconds_count") >= 2);
        Assert.True(after.Value("quarry_row_store_duration_seconds_count", "operation=\"write\"") >= 8);
        Assert.Contains("# TYPE quarry_queue_depth gauge", after.Text, StringComparison.Ordinal);
        Assert.Contains("quarry_queue_depth{", after.Text, StringComparison.Ordinal);
        Assert.Contains("# TYPE quarry_phase_duration_seconds histogram", after.Text, StringComparison.Ordinal);
        // Buckets in seconds (a phase takes milliseconds), not the exporter's millisecond-sized defaults.
        Assert.Matches("quarry_phase_duration_seconds_bucket\\{[^}]*le=\"0.005\"", after.Text);
        Assert.DoesNotContain(Tenant.Key, after.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_process_shows_the_queue_depth_without_running_workers()
    {
        await using var api = new QuarryHost(Db, new Dictionary<string, string?> { ["Quarry:Role"] = "api" });
        var scrape = await ScrapeAsync(api.CreateClient());
        Assert.Contains("quarry_queue_depth{", scrape.Text, StringComparison.Ordinal);
        Assert.Contains("quarry_agent_tokens_total", scrape.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_serves_metrics_too()
    {
        await using var worker = new QuarryHost(Db, new Dictionary<string, string?> { ["Quarry:Role"] = "worker" });
        var scrape = await ScrapeAsync(worker.CreateClient());
        Assert.Contains("quarry_agent_tokens_total", scrape.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_metrics_token_closes_the_endpoint_to_everyone_else()
    {
        await using var host = new QuarryHost(Db, new Dictionary<string, string?> { ["Quarry:Telemetry:MetricsToken"] = "s3cret-scraper" });
        var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/metrics")).StatusCode);
        var req = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(req)).StatusCode);
        req = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-scraper");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(req)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    private static async Task<Scrape> ScrapeAsync(HttpClient client)
    {
        using var res = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("text/plain", res.Content.Headers.ContentType?.MediaType);
        return new Scrape(await res.Content.ReadAsStringAsync());
    }

    /// <summary>The exporter caches a scrape briefly, so a count is polled for rather than read once.</summary>
    private static async Task<Scrape> WaitForScrapeAsync(HttpClient client, Func<Scrape, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        Scrape last;
        do
        {
            last = await ScrapeAsync(client);
            if (done(last)) return last;
            await Task.Delay(100);
        } while (DateTime.UtcNow < until);
        return last;
    }

    private sealed partial record Scrape(string Text)
    {
        /// <summary>The sum of the samples of <paramref name="name"/> whose labels contain <paramref name="label"/> (all when null).</summary>
        public double Value(string name, string? label = null) => Sample().Matches(Text)
            .Where(m => m.Groups["name"].Value == name && (label is null || m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

        [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
        private static partial Regex Sample();
    }
}
