using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quarry.Data.Stores;
using Quarry.Server.Pipeline;
using Quarry.Testing;

namespace Quarry.Server.Tests;

/// <summary><c>Quarry:Role</c> (<c>quarry serve --role</c>): what each role serves and runs, and what it does at first start.</summary>
public sealed class RoleTests : DatabaseTest
{
    [Fact]
    public async Task A_worker_runs_the_workers_answers_only_healthz_and_creates_no_first_key()
    {
        await using var host = new QuarryHost(Db, new Dictionary<string, string?> { ["Quarry:Role"] = "worker" });
        var client = host.CreateClient();
        Assert.Equal("worker", await RoleAsync(client));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(["IngestWorker", "PipelineWorker"], Workers(host));
        Assert.Equal(0, await host.Services.GetRequiredService<OrganizationStore>().CountAsync(default));
    }

    [Fact]
    public async Task An_api_process_serves_the_api_runs_no_worker_and_creates_the_first_key()
    {
        await using var host = new QuarryHost(Db, new Dictionary<string, string?> { ["Quarry:Role"] = "api" });
        var client = host.CreateClient();
        Assert.Equal("api", await RoleAsync(client));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Empty(Workers(host));
        Assert.Equal(1, await host.Services.GetRequiredService<OrganizationStore>().CountAsync(default));
    }

    [Fact]
    public async Task By_default_one_process_does_everything()
    {
        await using var host = new QuarryHost(Db);
        Assert.Equal("all", await RoleAsync(host.CreateClient()));
        Assert.Equal(["IngestWorker", "PipelineWorker"], Workers(host));
    }

    [Fact]
    public void An_unknown_role_stops_the_start_and_names_the_setting()
    {
        using var host = new QuarryHost(Db, new Dictionary<string, string?> { ["Quarry:Role"] = "janitor" });
        var e = Record.Exception(() => host.CreateClient());
        Assert.NotNull(e);
        Assert.Contains("Quarry:Role", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quarry_serve_runs_the_server_as_its_own_process()
    {
        // The run's database (SQLite or PostgreSQL), default role: the first start prints the key, which then works.
        var environment = new Dictionary<string, string>
        {
            ["Quarry__DataDir"] = Db.DataDir,
            ["Quarry__Database__Provider"] = Db.Provider,
            ["Quarry__Review__CalibrationFile"] = TestCalibration.Path,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (Db.ConnectionString is not null)
            environment["ConnectionStrings__Quarry"] = Db.ConnectionString;
        await using var server = ServerProcess.Start(Path.Combine(AppContext.BaseDirectory, "quarry.dll"), "all", environment);
        using var http = new HttpClient();
        await server.WaitHealthyAsync(http, TimeSpan.FromSeconds(90));
        Assert.Equal("all", JsonDocument.Parse(await http.GetStringAsync(server.Url + "/healthz")).RootElement.GetProperty("role").GetString());

        var key = server.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("qk_", StringComparison.Ordinal));
        using var request = new HttpRequestMessage(HttpMethod.Get, server.Url + "/v1/jobs");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Quarry_serve_refuses_an_unknown_role_as_a_usage_mistake()
    {
        var result = await CliProcess.RunAsync(Db, "serve", "--role", "janitor");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("janitor", result.Stderr, StringComparison.Ordinal);
    }

    private static async Task<string?> RoleAsync(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync("/healthz")).RootElement.GetProperty("role").GetString();

    private static string[] Workers(QuarryHost host) => host.Services.GetServices<IHostedService>()
        .Where(s => s is IngestWorker or PipelineWorker).Select(s => s.GetType().Name).Order(StringComparer.Ordinal).ToArray();
}
