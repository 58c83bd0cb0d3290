using System.Net;
using System.Text.Json.Nodes;
using Quarry.Server.Pipeline;

namespace Quarry.Server.Tests;

/// <summary>PATCH …/results/{row_id}, POST …/results/review and …/history through the real API.</summary>
public sealed class ReviewTests : HostedTest
{
    protected override IReadOnlyDictionary<string, string?>? Settings => WebhookTest.TestSettings();

    private async Task<(string Job, JsonArray Rows)> FinishedJobAsync(params (string Name, byte[] Bytes)[] files)
    {
        var schema = await Tenant.Client.CreateInvoiceSchemaAsync();
        var docs = await Tenant.Client.UploadAsync(files);
        var job = await Tenant.Client.CreateJobAsync(schema.Id(), docs.Select(d => d!.Id()));
        await Tenant.Client.WaitForJobAsync(job.Id());
        var results = await Tenant.Client.GetJsonAsync($"/v1/jobs/{job.Id()}/results");
        return (job.Id(), results["data"]!.AsArray());
    }

    private Task<HttpResponseMessage> PatchAsync(string job, string row, string json, HttpClient? client = null) =>
        (client ?? Tenant.Client).PatchAsync($"/v1/jobs/{job}/results/{row}", Api.Json(json));

    [Fact]
    public async Task A_correction_sets_confidence_1_and_phase_human_recomputes_flags_and_is_kept_in_the_history()
    {
        var (job, rows) = await FinishedJobAsync(("nov.pdf", TestInvoices.November()));
        var row = rows[0]!;
        Assert.Contains("missing_required_field:total", row["validation_flags"]!.AsArray().Select(f => f!.GetValue<string>()));

        var patched = await (await PatchAsync(job, row.Id(), """{"values": {"total": 99.5}}""")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(99.5m, patched["values"]!["total"]!.GetValue<decimal>());
        Assert.Equal(1.0, patched["cells"]!["total"]!["confidence"]!.GetValue<double>());
        Assert.Equal("human", patched["cells"]!["total"]!["phase"]!.GetValue<string>());
        Assert.DoesNotContain("missing_required_field:total", patched["validation_flags"]!.AsArray().Select(f => f!.GetValue<string>()));
        var results = await Tenant.Client.GetJsonAsync($"/v1/jobs/{job}/results");
        Assert.Equal(99.5m, results["data"]![0]!["values"]!["total"]!.GetValue<decimal>());

        var history = await Tenant.Client.GetJsonAsync($"/v1/jobs/{job}/results/{row.Id()}/history");
        var lines = history["data"]!.AsArray();
        Assert.Contains(lines, l => l!["action"]!.GetValue<string>() == "extracted" && l["phase"]!.GetValue<string>() == "phase_1_resolve"
            && l["field"]!.GetValue<string>() == "invoice_number" && l["new_value"]!.GetValue<string>() == "INV-2024-002");
        var correction = lines.Last()!;
        Assert.Equal("corrected", correction["action"]!.GetValue<string>());
        Assert.Equal("human", correction["phase"]!.GetValue<string>());
        Assert.Equal("total", correction["field"]!.GetValue<string>());
        Assert.Null(correction["prior_value"]);
        Assert.Equal(99.5m, correction["new_value"]!.GetValue<decimal>());
        Assert.Equal(Tenant.KeyId.ToString("D"), correction["api_key_id"]!.GetValue<string>());
        Assert.DoesNotContain(Tenant.Key, history.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(lines.Count, history["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_400_naming_the_expected_type_and_an_unknown_field_is_400()
    {
        var (job, rows) = await FinishedJobAsync(("oct.pdf", TestInvoices.October()));
        var problem = await (await PatchAsync(job, rows[0]!.Id(), """{"values": {"total": "a lot"}}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.Contains("currency_amount", problem["errors"]!["values.total"]![0]!.GetValue<string>());
        problem = await (await PatchAsync(job, rows[0]!.Id(), """{"values": {"date": "01/10/2024"}}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.Contains("date", problem["errors"]!["values.date"]![0]!.GetValue<string>());
        problem = await (await PatchAsync(job, rows[0]!.Id(), """{"values": {"totl": 1}}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.NotNull(problem["errors"]!["values.totl"]);
        await (await PatchAsync(job, rows[0]!.Id(), """{"action": "archive"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        await (await PatchAsync(job, rows[0]!.Id(), "{}")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        await (await PatchAsync(job, "not-a-uuid", """{"action": "approve"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");

        // Nothing was written by the refused requests.
        var history = await Tenant.Client.GetJsonAsync($"/v1/jobs/{job}/results/{rows[0]!.Id()}/history");
        Assert.DoesNotContain(history["data"]!.AsArray(), l => l!["phase"]!.GetValue<string>() == "human");
    }

    [Fact]
    public async Task Another_organizations_row_is_404_and_an_unknown_row_is_404()
    {
        var (job, rows) = await FinishedJobAsync(("oct.pdf", TestInvoices.October()));
        var other = await Host.NewTenantAsync();
        await (await PatchAsync(job, rows[0]!.Id(), """{"action": "approve"}""", other.Client)).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.Client.GetAsync($"/v1/jobs/{job}/results/{rows[0]!.Id()}/history")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await PatchAsync(job, Guid.NewGuid().ToString(), """{"action": "approve"}""")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Approve_sets_approved_and_queues_row_approved_reject_keeps_the_reason()
    {
        var hook = await (await Tenant.Client.PostJsonAsync("/v1/webhooks", """{"url": "http://127.0.0.1:9/hook", "events": ["row.approved"]}"""))
            .ExpectAsync(HttpStatusCode.Created);
        var (job, rows) = await FinishedJobAsync(("nov.pdf", TestInvoices.November()), ("oct.pdf", TestInvoices.October()));
        var nov = rows[0]!.Id();
        // Only nov's deliveries are counted: oct's own row.approved (the pipeline approved it) may be queued just after
        // the job reads as complete.
        async Task<List<JsonNode>> NovDeliveriesAsync() => (await Tenant.Client.GetJsonAsync($"/v1/webhooks/{hook.Id()}/deliveries"))["data"]!.AsArray()
            .Where(d => d!["payload"]!.ToJsonString().Contains(nov, StringComparison.Ordinal)).Select(d => d!).ToList();
        Assert.Empty(await NovDeliveriesAsync());

        var approved = await (await PatchAsync(job, nov, """{"action": "approve"}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("approved", approved["status"]!.GetValue<string>());
        Assert.Contains("missing_required_field:total", approved["validation_flags"]!.AsArray().Select(f => f!.GetValue<string>()));
        var deliveries = await NovDeliveriesAsync();
        Assert.Equal("row.approved", Assert.Single(deliveries)["event"]!.GetValue<string>());

        var rejected = await (await PatchAsync(job, rows[1]!.Id(), """{"action": "reject", "reason": "Not our invoice"}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("rejected", rejected["status"]!.GetValue<string>());
        var lines = (await Tenant.Client.GetJsonAsync($"/v1/jobs/{job}/results/{rows[1]!.Id()}/history"))["data"]!.AsArray();
        Assert.Equal("rejected", lines.Last()!["action"]!.GetValue<string>());
        Assert.Equal("Not our invoice", lines.Last()!["reason"]!.GetValue<string>());
        var filtered = await Tenant.Client.GetJsonAsync($"/v1/jobs/{job}/results?status=rejected");
        Assert.Equal(rows[1]!.Id(), filtered["data"]!.AsArray().Single()!.Id());
    }

    [Fact]
    public async Task Two_concurrent_corrections_of_one_cell_are_both_in_the_history_and_the_last_one_wins()
    {
        var (job, rows) = await FinishedJobAsync(("oct.pdf", TestInvoices.October()));
        var row = rows[0]!.Id();
        var a = PatchAsync(job, row, """{"values": {"total": 1.25}}""");
        var b = PatchAsync(job, row, """{"values": {"total": 2.5}}""");
        foreach (var res in await Task.WhenAll(a, b))
            await res.ExpectAsync(HttpStatusCode.OK);

        var lines = (await Tenant.Client.GetJsonAsync($"/v1/jobs/{job}/results/{row}/history"))["data"]!.AsArray()
            .Where(l => l!["action"]!.GetValue<string>() == "corrected").ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal([1.25m, 2.5m], lines.Select(l => l!["new_value"]!.GetValue<decimal>()).Order());
        // The later correction replaced the earlier one, not the value both read: nothing was lost in between.
        Assert.Equal(lines[0]!["new_value"]!.GetValue<decimal>(), lines[1]!["prior_value"]!.GetValue<decimal>());
        var final = (await Tenant.Client.GetJsonAsync($"/v1/jobs/{job}/results"))["data"]![0]!["values"]!["total"]!.GetValue<decimal>();
        Assert.Equal(lines[1]!["new_value"]!.GetValue<decimal>(), final);
    }

    [Fact]
    public async Task Bulk_review_approves_many_rows_and_refuses_rows_of_another_job()
    {
        var (job, rows) = await FinishedJobAsync(("nov.pdf", TestInvoices.November()), ("oct.pdf", TestInvoices.October()));
        var ids = new JsonArray(rows.Select(r => (JsonNode)JsonValue.Create(r!.Id())!).ToArray());
        var body = new JsonObject { ["row_ids"] = ids, ["action"] = "approve" }.ToJsonString();

        var req = Api.Request(HttpMethod.Post, $"/v1/jobs/{job}/results/review", Api.Json(body));
        req.Headers.Add("Idempotency-Key", "bulk-1");
        var done = await (await Tenant.Client.SendAsync(req)).ExpectAsync(HttpStatusCode.OK);
        Assert.All(done["data"]!.AsArray(), r => Assert.Equal("approved", r!["status"]!.GetValue<string>()));
        var again = Api.Request(HttpMethod.Post, $"/v1/jobs/{job}/results/review", Api.Json(body));
        again.Headers.Add("Idempotency-Key", "bulk-1");
        var replay = await Tenant.Client.SendAsync(again);
        await replay.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());

        var stranger = new JsonObject { ["row_ids"] = new JsonArray(Guid.NewGuid().ToString()), ["action"] = "reject" }.ToJsonString();
        var problem = await (await Tenant.Client.PostJsonAsync($"/v1/jobs/{job}/results/review", stranger)).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.NotNull(problem["errors"]!["row_ids[0]"]);
    }
}

/// <summary>The cancelled-job decision: finished rows stay reviewable; rows that never finished are 409.</summary>
public sealed class ReviewCancelledJobTests : DatabaseTest
{
    [Fact]
    public async Task A_finished_row_of_a_cancelled_job_can_be_corrected_an_unfinished_one_is_409()
    {
        var hold = new HoldDocument();
        await using var host = new QuarryHost(Db, hooks: hold);
        var t = await host.NewTenantAsync();
        var schema = await t.Client.CreateInvoiceSchemaAsync();
        var docs = await t.Client.UploadAsync(("oct.pdf", TestInvoices.October()), ("nov.pdf", TestInvoices.November()));
        hold.Held = Guid.Parse(docs[1]!.Id());
        var job = await t.Client.CreateJobAsync(schema.Id(), docs.Select(d => d!.Id()));
        await t.Client.WaitForAsync($"/v1/jobs/{job.Id()}/results", r => r["data"]![0]!["status"]!.GetValue<string>() != "processing");
        await (await t.Client.PostAsync($"/v1/jobs/{job.Id()}/cancel", null)).ExpectAsync(HttpStatusCode.OK);
        var rows = (await t.Client.GetJsonAsync($"/v1/jobs/{job.Id()}/results"))["data"]!.AsArray();

        var ok = await (await t.Client.PatchAsync($"/v1/jobs/{job.Id()}/results/{rows[0]!.Id()}", Api.Json("""{"values": {"vendor": "Acme Corporation"}}""")))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Acme Corporation", ok["values"]!["vendor"]!.GetValue<string>());
        // Propagation in a cancelled job re-runs finished rows only: the unfinished one is never touched.
        var propagated = await (await t.Client.PatchAsync($"/v1/jobs/{job.Id()}/results/{rows[0]!.Id()}",
            Api.Json("""{"values": {"vendor": "Acme Corp"}, "propagate": "all_similar"}"""))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, propagated["propagated_rows"]!.GetValue<int>());
        Assert.Equal("processing", (await t.Client.GetJsonAsync($"/v1/jobs/{job.Id()}/results"))["data"]![1]!["status"]!.GetValue<string>());
        await (await t.Client.PatchAsync($"/v1/jobs/{job.Id()}/results/{rows[1]!.Id()}", Api.Json("""{"action": "approve"}""")))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "conflict");
        hold.Release();
    }

    private sealed class HoldDocument : IPipelineHooks
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Guid Held { get; set; }

        public void Release() => _gate.TrySetResult();

        public async Task BeforePhaseAsync(Guid jobId, Guid documentId, string phase, CancellationToken ct)
        {
            if (documentId == Held)
                await _gate.Task.WaitAsync(ct);
        }
    }
}
