using System.Text.Json.Nodes;

namespace Quarry.Client.Tests;

/// <summary><c>quarry webhook</c> and <c>quarry registry</c> as processes against a real server.</summary>
public sealed class CliWebhookRegistryTests(WebhookServerFixture fixture) : IClassFixture<WebhookServerFixture>
{
    private readonly KestrelServer _server = fixture.Server;

    [Fact]
    public async Task Webhooks_are_created_listed_their_deliveries_read_and_redelivered_and_deleted()
    {
        var key = await _server.NewKeyAsync();
        Task<CliResult> Quarry(params string[] args) => QuarryProcess.RunAsync(_server.BaseUrl, key, ["webhook", .. args]);

        var created = await Quarry("create", "http://127.0.0.1:9/hook", "--event", "job.completed", "-e", "document.completed");
        Assert.True(created.ExitCode == 0, created.ToString());
        var id = created.Stdout.Trim();
        Assert.Contains("Signing secret, shown once: whsec_", created.Stderr, StringComparison.Ordinal);
        Assert.Equal(id + "\n", (await Quarry("list", "-q")).Stdout);
        Assert.Contains("document.completed,job.completed", (await Quarry("list")).Stdout, StringComparison.Ordinal);
        var unknownEvent = await Quarry("create", "http://127.0.0.1:9/hook", "--event", "job.exploded");
        Assert.Equal(2, unknownEvent.ExitCode);
        Assert.StartsWith("Argument 'job.exploded' not recognized. Must be one of: 'document.completed' 'document.failed'", unknownEvent.ErrorLines[0], StringComparison.Ordinal);

        using var client = new QuarryClient(_server.BaseUrl.AbsoluteUri, key);
        await Invoices.FinishedJobAsync(client, 1);
        // The events are queued just after the job reads complete: wait for both before asking the command.
        await ClientRoundTripTests.WaitAsync(() => client.Webhooks.ListDeliveriesAsync(Guid.Parse(id)), p => p.Data.Count == 2);
        var deliveries = JsonNode.Parse((await Quarry("deliveries", id, "--status", "pending", "--json")).Stdout)!.AsArray();
        Assert.Equal(["document.completed", "job.completed"], deliveries.Select(d => d!["event"]!.GetValue<string>()).Order());
        var table = await Quarry("deliveries", id);
        Assert.Contains("job.completed", table.Stdout, StringComparison.Ordinal);
        var redelivered = await Quarry("redeliver", id, deliveries[0]!["id"]!.GetValue<string>());
        Assert.True(redelivered.ExitCode == 0, redelivered.ToString());
        Assert.Contains("is queued again", redelivered.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, (await Quarry("delete", id)).ExitCode);
        Assert.Equal("No webhooks.", (await Quarry("list")).Stdout.Trim());
        CliTests.AssertOneLine(await Quarry("delete", id), 1, "quarry: 404 not_found:");
    }

    [Fact]
    public async Task The_registry_lists_what_a_correction_taught_and_forgets_it()
    {
        var key = await _server.NewKeyAsync();
        Task<CliResult> Quarry(params string[] args) => QuarryProcess.RunAsync(_server.BaseUrl, key, ["registry", .. args]);
        Assert.Equal("The registry has no rules (yet).", (await Quarry("fields")).Stdout.Trim());

        using var client = new QuarryClient(_server.BaseUrl.AbsoluteUri, key);
        var (_, _, job) = await Invoices.FinishedJobAsync(client, 1);
        var row = (await client.Results.GetAsync(job.Id)).Data[0];
        await client.Review.UpdateRowAsync(job.Id, row.Id, RowReview.Correct("vendor", "Acme Corporation") with { Action = ReviewAction.Approve });

        var rules = JsonNode.Parse((await Quarry("fields", "--schema", "Invoice", "--json")).Stdout)!.AsArray();
        Assert.NotEmpty(rules);
        Assert.All(rules, r => Assert.Equal("Invoice", r!["schema"]!.GetValue<string>()));
        var table = await Quarry("fields", "--schema", "Invoice");
        Assert.Contains("ACCURACY", table.Stdout, StringComparison.Ordinal);

        var one = rules[0]!["id"]!.GetValue<string>();
        Assert.Equal(0, (await Quarry("delete", one)).ExitCode);
        Assert.DoesNotContain(one, (await Quarry("fields", "-q")).Stdout, StringComparison.Ordinal);
        CliTests.AssertOneLine(await Quarry("delete", one, "--schema", "Invoice"), 2, "Give a rule id or --schema NAME");
        var forgot = await Quarry("delete", "--schema", "Invoice");
        Assert.True(forgot.ExitCode == 0, forgot.ToString());
        Assert.StartsWith("Forgot ", forgot.Stderr, StringComparison.Ordinal);
        Assert.Equal("", (await Quarry("fields", "-q")).Stdout);
    }
}
