using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Data.Stores;
using Quarry.Server.Agent;

namespace Quarry.Server.Tests;

/// <summary>
/// Phase 2 end to end: the server calls a model provider on a loopback port that speaks the real OpenAI and Anthropic
/// protocols, and the job's rows, cells, flags, phase runs and usage show what happened.
/// </summary>
public sealed class AgentPhaseTests : DatabaseTest
{
    private const string Reason = "Payment is withheld because the pallets arrived damaged.";

    /// <summary>Phase 1 finds the number and the total by their labels; the reason no rule can find.</summary>
    private static byte[] Invoice(string number) => Encoding.UTF8.GetBytes(
        $"""
        ACME Supplies Ltd
        Invoice No: {number}
        Total: 1,250.00 EUR

        Notes: {Reason}
        """);

    private const string Schema = """
        {"name": "Held invoices", "fields": [
            {"name": "invoice_number", "type": "string", "aliases": ["invoice no"]},
            {"name": "total", "type": "currency_amount"},
            {"name": "hold_reason", "type": "string", "description": "Why the payment is withheld, in the document's words"}
        ]}
        """;

    private static ModelReply GroundedOpenAi(ModelRequest _, int __) =>
        ModelReply.OpenAi(ModelReply.Fields(("hold_reason", "the pallets arrived damaged", Reason)).ToJsonString());

    private async Task<(QuarryHost Host, Tenant Tenant)> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var host = new QuarryHost(Db, settings);
        return (host, await host.NewTenantAsync());
    }

    /// <summary>Runs a job over one invoice per number and returns the finished job and its rows with cells.</summary>
    private static async Task<(JsonNode Job, JsonArray Rows)> RunJobAsync(Tenant tenant, string? budget = null, params string[] numbers)
    {
        var schema = await tenant.Client.CreateSchemaAsync(Schema);
        var docs = await tenant.Client.UploadAsync((numbers.Length == 0 ? ["INV-1001"] : numbers).Select(n => ($"{n}.txt", Invoice(n))).ToArray());
        var body = new JsonObject
        {
            ["schema_id"] = schema.Id(),
            ["document_ids"] = new JsonArray(docs.Select(d => (JsonNode)d!.Id()).ToArray()),
        };
        if (budget is not null)
            foreach (var (k, v) in JsonNode.Parse(budget)!.AsObject())
                body[k] = v?.DeepClone();
        var created = await (await tenant.Client.PostJsonAsync("/v1/jobs", body.ToJsonString())).ExpectAsync(HttpStatusCode.Created);
        var job = await tenant.Client.WaitForJobAsync(created.Id());
        var results = await tenant.Client.GetJsonAsync($"/v1/jobs/{created.Id()}/results?include=cells");
        return (job, results["data"]!.AsArray());
    }

    private static List<string> Flags(JsonNode row) => row["validation_flags"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();

    private static async Task<string> AgentOutcomeAsync(QuarryHost host, JsonNode job, JsonNode row)
    {
        var runs = await host.Services.GetRequiredService<RowStore>().PhaseRunsAsync(Guid.Parse(job.Id()), default);
        return runs.Single(r => r.RowId == Guid.Parse(row.Id()) && r.Phase == "phase_2_agent").Outcome;
    }

    private static void KeptPhaseOne(JsonNode row)
    {
        Assert.Equal("INV-1001", row["values"]!["invoice_number"]!.GetValue<string>());
        Assert.Equal("phase_1_resolve", row["cells"]!["invoice_number"]!["phase"]!.GetValue<string>());
        Assert.Null(row["values"]!["hold_reason"]);
    }

    [Fact]
    public async Task A_grounded_answer_fills_only_the_gap_field_with_its_source_box_and_usage_is_counted()
    {
        await using var fake = await FakeModelProvider.StartAsync(GroundedOpenAi);
        var (host, tenant) = await StartAsync(fake.Settings());
        await using var _ = host;

        var (job, rows) = await RunJobAsync(tenant);

        var request = Assert.Single(fake.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        // Phase 1 filled the number and the total with high confidence: only the reason was asked for.
        Assert.Equal(["hold_reason"], request.FieldsAsked);
        Assert.DoesNotContain("invoice_number", request.UserText);
        Assert.DoesNotContain("- total", request.UserText);
        Assert.Equal("json_schema", request.Body["response_format"]!["type"]!.GetValue<string>());
        Assert.Contains(Reason, request.UserText);
        Assert.Equal("Bearer sk-test-secret", request.Headers["authorization"]);

        var row = Assert.Single(rows)!;
        Assert.Equal("the pallets arrived damaged", row["values"]!["hold_reason"]!.GetValue<string>());
        var cell = row["cells"]!["hold_reason"]!;
        Assert.Equal("phase_2_agent", cell["phase"]!.GetValue<string>());
        Assert.Equal("agent", cell["source"]!["kind"]!.GetValue<string>());
        Assert.Equal(1, cell["source"]!["page"]!.GetValue<int>());
        Assert.Equal(4, cell["source"]!["bbox"]!.AsArray().Count);
        Assert.Contains("pallets", cell["source"]!["text"]!.GetValue<string>());
        Assert.InRange(cell["confidence"]!.GetValue<double>(), 0.5, 0.99);
        Assert.Equal("phase_1_resolve", row["cells"]!["invoice_number"]!["phase"]!.GetValue<string>());
        Assert.Equal("completed", await AgentOutcomeAsync(host, job, row));

        Assert.Equal("complete", job["status"]!.GetValue<string>());
        Assert.Equal(120, job["usage"]!["input_tokens"]!.GetValue<long>());
        Assert.Equal(30, job["usage"]!["output_tokens"]!.GetValue<long>());
        Assert.Equal(1, job["usage"]!["calls"]!.GetValue<int>());
        var perRow = await host.Services.GetRequiredService<AgentUsageStore>().RowUsageAsync(Guid.Parse(row.Id()), default);
        Assert.Equal((1, 120L, 30L), (perRow.AgentCalls, perRow.AgentInputTokens, perRow.AgentOutputTokens));
        // The same figures per document in the results, with include=cells.
        Assert.Equal("""{"input_tokens":120,"output_tokens":30,"calls":1}""", row["usage"]!.ToJsonString());
    }

    [Fact]
    public async Task An_answer_whose_quote_is_not_in_the_document_is_rejected_and_flagged()
    {
        await using var fake = await FakeModelProvider.StartAsync((_, _) => ModelReply.OpenAi(
            ModelReply.Fields(("hold_reason", "the invoice was never ordered", "Payment withheld: the goods were never ordered.")).ToJsonString()));
        var (host, tenant) = await StartAsync(fake.Settings());
        await using var _ = host;

        var (job, rows) = await RunJobAsync(tenant);

        var row = Assert.Single(rows)!;
        KeptPhaseOne(row);
        Assert.Contains("ungrounded_value:hold_reason", Flags(row));
        Assert.Equal("review", row["status"]!.GetValue<string>());
        Assert.Equal("complete", job["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Malformed_json_is_not_used_and_the_row_says_so()
    {
        await using var fake = await FakeModelProvider.StartAsync((_, _) => ModelReply.OpenAi("Sure! The reason is that the pallets arrived damaged."));
        var (host, tenant) = await StartAsync(fake.Settings());
        await using var _ = host;

        var (job, rows) = await RunJobAsync(tenant);

        var row = Assert.Single(rows)!;
        KeptPhaseOne(row);
        Assert.Contains("agent_invalid_answer", Flags(row));
        Assert.Equal("failed", await AgentOutcomeAsync(host, job, row));
        Assert.Equal("complete", job["status"]!.GetValue<string>());
        Assert.Equal(1, job["usage"]!["calls"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_fenced_json_answer_is_accepted()
    {
        await using var fake = await FakeModelProvider.StartAsync((_, _) => ModelReply.OpenAi(
            "Here is the result:\n```json\n" + ModelReply.Fields(("hold_reason", "pallets arrived damaged", "the pallets arrived damaged")).ToJsonString() + "\n```"));
        var (host, tenant) = await StartAsync(fake.Settings());
        await using var _ = host;

        var (_, rows) = await RunJobAsync(tenant);

        Assert.Equal("pallets arrived damaged", rows.Single()!["values"]!["hold_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_provider_that_times_out_marks_phase_2_failed_and_the_job_completes_with_phase_1_values()
    {
        await using var fake = await FakeModelProvider.StartAsync((_, _) => new ModelReply(200, "{}", Delay: TimeSpan.FromSeconds(20)));
        var settings = fake.Settings();
        settings["Quarry:Agent:Timeout"] = "0.3";
        settings["Quarry:Agent:MaxRetries"] = "1";
        var (host, tenant) = await StartAsync(settings);
        await using var _ = host;

        var (job, rows) = await RunJobAsync(tenant);

        Assert.Equal(2, fake.Requests.Count);
        var row = Assert.Single(rows)!;
        KeptPhaseOne(row);
        Assert.Contains("agent_unavailable", Flags(row));
        Assert.Equal("failed", await AgentOutcomeAsync(host, job, row));
        Assert.Equal("complete", job["status"]!.GetValue<string>());
        Assert.Equal(1, job["usage"]!["calls"]!.GetValue<int>());
        Assert.Equal(0, job["usage"]!["input_tokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_429_is_retried_after_the_retry_after_it_names()
    {
        await using var fake = await FakeModelProvider.StartAsync((r, n) => n == 0 ? ModelReply.Error(429, retryAfter: "1") : GroundedOpenAi(r, n));
        var (host, tenant) = await StartAsync(fake.Settings());
        await using var _ = host;

        var (_, rows) = await RunJobAsync(tenant);

        var requests = fake.Requests;
        Assert.Equal(2, requests.Count);
        // The backoff alone would be ~10 ms; the provider asked for a second.
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(950),
            $"Retried after {(requests[1].ReceivedAt - requests[0].ReceivedAt).TotalMilliseconds} ms");
        Assert.Equal("the pallets arrived damaged", rows.Single()!["values"]!["hold_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_retry_after_longer_than_allowed_is_not_waited_for()
    {
        await using var fake = await FakeModelProvider.StartAsync((_, _) => ModelReply.Error(429, retryAfter: "3600"));
        var settings = fake.Settings();
        settings["Quarry:Agent:MaxRetryAfterSeconds"] = "5";
        var (host, tenant) = await StartAsync(settings);
        await using var _ = host;

        var (_, rows) = await RunJobAsync(tenant);

        Assert.Single(fake.Requests);
        Assert.Contains("agent_unavailable", Flags(rows.Single()!));
    }

    [Fact]
    public async Task Server_errors_are_retried_then_phase_2_fails_with_phase_1_values_kept()
    {
        await using var fake = await FakeModelProvider.StartAsync((_, _) => ModelReply.Error(500));
        var settings = fake.Settings();
        settings["Quarry:Agent:MaxRetries"] = "2";
        var (host, tenant) = await StartAsync(settings);
        await using var _ = host;

        var (job, rows) = await RunJobAsync(tenant);

        Assert.Equal(3, fake.Requests.Count);
        var row = Assert.Single(rows)!;
        KeptPhaseOne(row);
        Assert.Contains("agent_unavailable", Flags(row));
        Assert.Equal("failed", await AgentOutcomeAsync(host, job, row));
        Assert.Equal("complete", job["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_500_then_success_fills_the_gap()
    {
        await using var fake = await FakeModelProvider.StartAsync((r, n) => n == 0 ? ModelReply.Error(503) : GroundedOpenAi(r, n));
        var (host, tenant) = await StartAsync(fake.Settings());
        await using var _ = host;

        var (_, rows) = await RunJobAsync(tenant);

        Assert.Equal(2, fake.Requests.Count);
        Assert.Equal("the pallets arrived damaged", rows.Single()!["values"]!["hold_reason"]!.GetValue<string>());
        Assert.DoesNotContain("agent_unavailable", Flags(rows.Single()!));
    }

    [Fact]
    public async Task An_open_circuit_stops_calls_to_a_provider_that_is_down()
    {
        await using var fake = await FakeModelProvider.StartAsync((_, _) => ModelReply.Error(500));
        var settings = fake.Settings();
        settings["Quarry:Agent:MaxRetries"] = "0";
        settings["Quarry:Agent:CircuitFailures"] = "1";
        settings["Quarry:Agent:CircuitBreakSeconds"] = "600";
        // One row at a time, so the second row starts after the first one's failure opened the circuit.
        settings["Quarry:Workers:Concurrency"] = "1";
        var (host, tenant) = await StartAsync(settings);
        await using var _ = host;

        var (job, rows) = await RunJobAsync(tenant, null, "INV-1001", "INV-1002", "INV-1003");

        Assert.Single(fake.Requests);
        Assert.All(rows, r => Assert.Contains("agent_unavailable", Flags(r!)));
        Assert.Equal("complete", job["status"]!.GetValue<string>());
        Assert.Equal(3, job["completed_documents"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_budget_of_n_calls_makes_n_calls_and_the_other_rows_say_the_budget_is_spent()
    {
        await using var fake = await FakeModelProvider.StartAsync(GroundedOpenAi);
        var (host, tenant) = await StartAsync(fake.Settings());
        await using var _ = host;

        var (job, rows) = await RunJobAsync(tenant, """{"max_agent_calls": 2}""", "INV-1001", "INV-1002", "INV-1003", "INV-1004");

        Assert.Equal(2, fake.Requests.Count);
        Assert.Equal(2, job["max_agent_calls"]!.GetValue<int>());
        Assert.Equal(2, job["usage"]!["calls"]!.GetValue<int>());
        Assert.Equal(240, job["usage"]!["input_tokens"]!.GetValue<long>());
        var filled = rows.Where(r => r!["values"]!["hold_reason"] is not null).ToList();
        var spent = rows.Where(r => Flags(r!).Contains("agent_budget_exhausted")).ToList();
        Assert.Equal(2, filled.Count);
        Assert.Equal(2, spent.Count);
        foreach (var r in spent)
            Assert.Equal("skipped", await AgentOutcomeAsync(host, job, r!));
        Assert.Equal("complete", job["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_token_budget_too_small_for_one_call_makes_none()
    {
        await using var fake = await FakeModelProvider.StartAsync(GroundedOpenAi);
        var (host, tenant) = await StartAsync(fake.Settings());
        await using var _ = host;

        var (job, rows) = await RunJobAsync(tenant, """{"max_tokens": 50}""");

        Assert.Empty(fake.Requests);
        Assert.Contains("agent_budget_exhausted", Flags(rows.Single()!));
        Assert.Equal(50, job["max_tokens"]!.GetValue<long>());
        Assert.Equal(0, job["usage"]!["calls"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_anthropic_messages_protocol_fills_the_gap_through_a_forced_tool_call()
    {
        await using var fake = await FakeModelProvider.StartAsync((_, _) =>
            ModelReply.Anthropic(ModelReply.Fields(("hold_reason", "the pallets arrived damaged", Reason))));
        var (host, tenant) = await StartAsync(fake.Settings("anthropic"));
        await using var _ = host;

        var (job, rows) = await RunJobAsync(tenant);

        var request = Assert.Single(fake.Requests);
        Assert.Equal("/v1/messages", request.Path);
        Assert.Equal("sk-test-secret", request.Headers["x-api-key"]);
        Assert.Equal(AnthropicChatClient.ApiVersion, request.Headers["anthropic-version"]);
        Assert.Equal("test-model", request.Body["model"]!.GetValue<string>());
        Assert.Equal("record_fields", request.Body["tool_choice"]!["name"]!.GetValue<string>());
        Assert.NotNull(request.Body["system"]);
        Assert.Equal(["hold_reason"], request.FieldsAsked);

        var row = Assert.Single(rows)!;
        Assert.Equal("the pallets arrived damaged", row["values"]!["hold_reason"]!.GetValue<string>());
        Assert.Equal("agent", row["cells"]!["hold_reason"]!["source"]!["kind"]!.GetValue<string>());
        Assert.Equal(150, job["usage"]!["input_tokens"]!.GetValue<long>());
        Assert.Equal(40, job["usage"]!["output_tokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task With_no_provider_configured_phase_2_is_skipped_and_no_request_is_made()
    {
        await using var fake = await FakeModelProvider.StartAsync(GroundedOpenAi);
        var (host, tenant) = await StartAsync(new Dictionary<string, string?>());
        await using var _ = host;

        var (job, rows) = await RunJobAsync(tenant);

        Assert.Null(host.Services.GetRequiredService<AgentRuntime>().Agent);
        Assert.Empty(fake.Requests);
        var row = Assert.Single(rows)!;
        KeptPhaseOne(row);
        Assert.Equal("skipped", await AgentOutcomeAsync(host, job, row));
        Assert.DoesNotContain(Flags(row), f => f.StartsWith("agent_", StringComparison.Ordinal));
        Assert.Equal(0, job["usage"]!["calls"]!.GetValue<int>());
    }

    [Fact]
    public async Task Budget_fields_are_validated_and_default_from_the_server()
    {
        var (host, tenant) = await StartAsync(new Dictionary<string, string?> { ["Quarry:Agent:MaxCallsPerJob"] = "7", ["Quarry:Agent:MaxTokensPerJob"] = "0" });
        await using var _ = host;
        var schema = await tenant.Client.CreateSchemaAsync(Schema);
        var docs = await tenant.Client.UploadAsync(("a.txt", Invoice("INV-1")));

        var bad = await tenant.Client.PostJsonAsync("/v1/jobs",
            $$"""{"schema_id": "{{schema.Id()}}", "max_agent_calls": -1, "max_tokens": "many"}""");
        var problem = await bad.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.NotNull(problem["errors"]!["max_agent_calls"]);
        Assert.NotNull(problem["errors"]!["max_tokens"]);

        var job = await tenant.Client.CreateJobAsync(schema.Id(), [docs[0]!.Id()]);
        Assert.Equal(7, job["max_agent_calls"]!.GetValue<int>());
        Assert.Null(job["max_tokens"]);
        Assert.Equal(0, job["usage"]!["calls"]!.GetValue<int>());
    }

    [Fact]
    public async Task Without_structured_output_json_mode_is_asked_and_the_answer_is_still_grounded()
    {
        await using var fake = await FakeModelProvider.StartAsync(GroundedOpenAi);
        var settings = fake.Settings();
        settings["Quarry:Agent:StructuredOutput"] = "false";
        var (host, tenant) = await StartAsync(settings);
        await using var _ = host;

        var (_, rows) = await RunJobAsync(tenant);

        Assert.Equal("json_object", Assert.Single(fake.Requests).Body["response_format"]!["type"]!.GetValue<string>());
        Assert.Equal("the pallets arrived damaged", rows.Single()!["values"]!["hold_reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("gpt", "test-model", "Quarry:Agent:Provider")]
    [InlineData("openai", null, "Quarry:Agent:Model")]
    [InlineData("anthropic", "", "Quarry:Agent:Model")]
    public void A_wrong_agent_setting_stops_the_start_and_names_it(string provider, string? model, string named)
    {
        using var host = new QuarryHost(Db, new Dictionary<string, string?> { ["Quarry:Agent:Provider"] = provider, ["Quarry:Agent:Model"] = model });
        var e = Record.Exception(() => host.CreateClient());
        Assert.NotNull(e);
        Assert.Contains(named, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_resumed_after_phase_2_by_another_process_keeps_phase_2_s_flags_and_does_not_call_again()
    {
        await using var fake = await FakeModelProvider.StartAsync((_, _) => ModelReply.OpenAi(
            ModelReply.Fields(("hold_reason", "never ordered", "the goods were never ordered")).ToJsonString()));
        var gate = new GateHooks("phase_3_resolve");
        var first = new QuarryHost(Db, fake.Settings(), gate);
        var tenant = await first.NewTenantAsync();
        var schema = await tenant.Client.CreateSchemaAsync(Schema);
        var docs = await tenant.Client.UploadAsync(("a.txt", Invoice("INV-1001")));
        var job = await tenant.Client.CreateJobAsync(schema.Id(), [docs[0]!.Id()]);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        // Phase 2's flag is written with the row at once, before phase 4.
        var partial = await tenant.Client.GetJsonAsync($"/v1/jobs/{job.Id()}/results");
        Assert.Contains("ungrounded_value:hold_reason", Flags(partial["data"]![0]!));
        await first.DisposeAsync();

        await using var second = new QuarryHost(Db, fake.Settings());
        var client = second.CreateClient();
        client.DefaultRequestHeaders.Authorization = tenant.Client.DefaultRequestHeaders.Authorization;
        await client.WaitForJobAsync(job.Id());
        var row = (await client.GetJsonAsync($"/v1/jobs/{job.Id()}/results"))["data"]![0]!;

        Assert.Single(fake.Requests);
        Assert.Contains("ungrounded_value:hold_reason", Flags(row));
        Assert.Equal("review", row["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Neither_the_api_key_nor_the_document_s_text_is_logged()
    {
        // A 429 (a retry is logged), then an answer that is not JSON and repeats the document (a warning is logged).
        await using var fake = await FakeModelProvider.StartAsync((_, n) => n == 0 ? ModelReply.Error(429, retryAfter: "0") : ModelReply.OpenAi("Notes: " + Reason));
        var settings = fake.Settings();
        settings["Logging:LogLevel:Default"] = "Debug";
        var logs = new CapturingLogs();
        await using var quarry = new QuarryHost(Db, settings);
        await using var host = quarry.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs)));
        var orgs = host.Services.GetRequiredService<OrganizationStore>();
        var org = await orgs.GetOrCreateAsync("logs", default);
        var key = await host.Services.GetRequiredService<ApiKeyStore>().CreateAsync(org.Id, "test", default);
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key.Key);

        var (_, rows) = await RunJobAsync(new Tenant(org.Id, key.Key, key.Record.Id, client));

        Assert.Contains("agent_invalid_answer", Flags(rows.Single()!));
        Assert.Contains(logs.Lines, l => l.Text.Contains("retrying", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Text.Contains("not the JSON object", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Text.Contains("sk-test-secret", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Information && l.Text.Contains("pallets", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_reservations_never_exceed_the_budget()
    {
        var (host, tenant) = await StartAsync(new Dictionary<string, string?>());
        await using var _ = host;
        var schema = await tenant.Client.CreateSchemaAsync(Schema);
        var job = await host.Services.GetRequiredService<JobStore>().CreateAsync(tenant.OrganizationId, Guid.Parse(schema.Id()), 1, 3, null, [], 0.8,
            new Data.AgentBudget(5, 1_000), default);
        var usage = host.Services.GetRequiredService<AgentUsageStore>();

        var calls = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => usage.TryReserveAsync(job.Id, 100, default))));
        Assert.Equal(5, calls.Count(ok => ok));

        // Tokens bind too: settled usage plus what is reserved must fit.
        var tokens = await host.Services.GetRequiredService<JobStore>().CreateAsync(tenant.OrganizationId, Guid.Parse(schema.Id()), 1, 3, null, [], 0.8,
            new Data.AgentBudget(null, 1_000), default);
        var reserved = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => usage.TryReserveAsync(tokens.Id, 300, default))));
        Assert.Equal(3, reserved.Count(ok => ok));
    }
}
