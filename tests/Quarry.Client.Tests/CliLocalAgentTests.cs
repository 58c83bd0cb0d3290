using System.Text.Json.Nodes;
using Quarry.Server.Tests;

namespace Quarry.Client.Tests;

/// <summary><c>quarry extract</c> without a server asks the configured model for what phase 1 left empty, as the server does.</summary>
public sealed class CliLocalAgentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("quarry-local-agent-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (string Schema, string Document) Files()
    {
        var schema = Path.Combine(_dir, "schema.json");
        File.WriteAllText(schema, """
            {"name": "Letter", "fields": [
              {"name": "invoice_number", "type": "string"},
              {"name": "reason", "type": "string", "description": "Why the customer writes, in their words"}
            ]}
            """);
        var document = Path.Combine(_dir, "letter.txt");
        File.WriteAllText(document, "Invoice Number: INV-9\n\nWe return the chairs because two legs arrived cracked.\n");
        return (schema, document);
    }

    private static Dictionary<string, string?> Environment(FakeModelProvider provider) =>
        provider.Settings().ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);

    [Fact]
    public async Task A_grounded_answer_fills_the_gap_with_its_quote_and_the_filled_field_is_not_asked()
    {
        await using var provider = await FakeModelProvider.StartAsync((_, _) => ModelReply.OpenAi(ModelReply.Fields(
            ("reason", "two legs arrived cracked", "two legs arrived cracked")).ToJsonString()));
        var (schema, document) = Files();

        var run = await QuarryProcess.RunLocalAsync(Environment(provider), "extract", "--schema", schema, document);

        Assert.True(run.ExitCode == 0, run.ToString());
        var row = JsonNode.Parse(run.Stdout)!;
        Assert.Equal("two legs arrived cracked", row["values"]!["reason"]!.GetValue<string>());
        Assert.Equal("INV-9", row["values"]!["invoice_number"]!.GetValue<string>());
        var request = Assert.Single(provider.Requests);
        Assert.Equal(["reason"], request.FieldsAsked);
    }

    [Fact]
    public async Task An_unreachable_provider_keeps_phase_1_flags_the_row_and_says_so_on_stderr_only()
    {
        await using var provider = await FakeModelProvider.StartAsync((_, _) => ModelReply.Error(500));
        var (schema, document) = Files();

        var run = await QuarryProcess.RunLocalAsync(Environment(provider), "extract", "--schema", schema, document);

        Assert.True(run.ExitCode == 0, run.ToString());
        var row = JsonNode.Parse(run.Stdout)!;
        Assert.Equal("INV-9", row["values"]!["invoice_number"]!.GetValue<string>());
        Assert.Null(row["values"]!["reason"]);
        Assert.Contains("agent_unavailable", row["validation_flags"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("did not answer", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test-secret", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_provider_nothing_is_called()
    {
        await using var provider = await FakeModelProvider.StartAsync((_, _) => ModelReply.Error(500));
        var (schema, document) = Files();
        var environment = Environment(provider);
        environment["Quarry__Agent__Provider"] = "none";

        var run = await QuarryProcess.RunLocalAsync(environment, "extract", "--schema", schema, document);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Null(JsonNode.Parse(run.Stdout)!["values"]!["reason"]);
        Assert.Empty(provider.Requests);
    }
}
