using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Quarry.Dashboard.Tests;

/// <summary>A job that has not finished can be cancelled from its page; the per-phase table shows where its rows stopped.</summary>
public sealed class JobCancelTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_queued_job_shows_its_rows_pending_and_cancels_from_its_page()
    {
        await using var server = await KestrelServer.StartAsync(new Dictionary<string, string?> { ["Quarry:Role"] = "api" });
        var (key, http, job) = await QueuedJobAsync(server);
        using var _ = http;

        var errors = new List<string>();
        var page = await browser.SignedInPageAsync(server.BaseUrl, key, errors);
        await page.EvaluateAsync($"location.hash = '#/jobs/{job["id"]}'");

        await Expect(page.Locator("#job-status")).ToHaveTextAsync("queued");
        await Expect(page.Locator("#job-phases tr[data-phase=phase_1_resolve] td").Nth(3)).ToHaveTextAsync("1"); // pending
        await page.ClickAsync("#job-cancel");
        await Expect(page.Locator("#job-status")).ToHaveTextAsync("cancelled");
        await Expect(page.Locator("#job-cancel")).ToHaveCountAsync(0);
        Assert.Equal("cancelled", (string?)JsonNode.Parse(await http.GetStringAsync($"/v1/jobs/{job["id"]}"))!["status"]);
        await page.ScreenshotAsync(new() { Path = Artifacts.PathOf("12-job-cancelled.png") });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_grid_of_a_running_job_reads_its_rows_again_until_the_job_ends()
    {
        await using var server = await KestrelServer.StartAsync(new Dictionary<string, string?> { ["Quarry:Role"] = "api" });
        var (key, http, job) = await QueuedJobAsync(server);
        using var _ = http;

        var errors = new List<string>();
        var page = await browser.SignedInPageAsync(server.BaseUrl, key, errors);
        await page.EvaluateAsync($"location.hash = '#/jobs/{job["id"]}/grid'");
        var title = page.Locator("h1", new() { HasText = "Results" });
        await Expect(title).ToContainTextAsync("queued");
        await Expect(page.Locator("#grid-loading")).ToHaveTextAsync("updating while the job runs");

        // The job ends elsewhere (here: cancelled through the API); the open grid notices without "Reload rows".
        (await http.PostAsync($"/v1/jobs/{job["id"]}/cancel", null)).EnsureSuccessStatusCode();
        await Expect(title).ToContainTextAsync("cancelled", new() { Timeout = 15_000 });
        await Expect(page.Locator("#grid-loading")).ToHaveTextAsync("");
        Assert.Empty(errors);
    }

    /// <summary>
    /// A key, a client with it, and a job of one document on <paramref name="server"/>. Started with role <c>api</c>, the
    /// server runs no worker, so the job stays queued until it is cancelled.
    /// </summary>
    private static async Task<(string Key, HttpClient Http, JsonNode Job)> QueuedJobAsync(KestrelServer server)
    {
        var key = await server.NewKeyAsync();
        var http = new HttpClient { BaseAddress = server.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(TestPdf.Simple("Invoice 1")), "file", "one.pdf" } };
        var doc = JsonNode.Parse(await (await http.PostAsync("/v1/documents", form)).Content.ReadAsStringAsync())!["data"]![0]!;
        var schema = JsonNode.Parse(await (await http.PostAsync("/v1/schemas",
            new StringContent("""{"name": "S", "fields": {"total": "number"}}""", Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync())!;
        var job = JsonNode.Parse(await (await http.PostAsync("/v1/jobs", new StringContent(
            $$"""{"schema_id": "{{schema["id"]}}", "document_ids": ["{{doc["id"]}}"]}""", Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync())!;
        return (key, http, job);
    }
}
