using System.Net;
using System.Text.Json.Nodes;
using Quarry.Client;
using Quarry.Server.Pipeline;

namespace Quarry.Server.Tests;

/// <summary>PATCH …/results/{row_id}, POST …/results/review and …/history through the real API.</summary>
public sealed class ReviewTests : HostedTest
{
    protected override IReadOnlyDictionary<string, string?>? Settings => WebhookTest.TestSettings();

    private async Task<(Guid Job, List<ResultRow> Rows)> FinishedJobAsync(params (string Name, byte[] Bytes)[] files)
    {
        var schema = await Tenant.Quarry.CreateInvoiceSchemaAsync();
        var (job, rows) = await Tenant.Quarry.RunJobAsync(schema.Id, includeCells: false, files);
        return (job.Id, rows);
    }

    private Task<HttpResponseMessage> PatchAsync(Guid job, string row, string json, HttpClient? client = null) =>
        (client ?? Tenant.Client).PatchAsync($"/v1/jobs/{job}/results/{row}", Api.Json(json));

    private async Task<List<RowHistoryEntry>> HistoryAsync(Guid job, Guid row) => await Tenant.Quarry.Review.ListAllHistoryAsync(job, row).ToListAsync();

    [Fact]
    public async Task A_correction_sets_confidence_1_and_phase_human_recomputes_flags_and_is_kept_in_the_history()
    {
        var (job, rows) = await FinishedJobAsync(("nov.pdf", TestInvoices.November()));
        var row = rows[0];
        Assert.Contains("missing_required_field:total", row.ValidationFlags);

        var patched = await Tenant.Quarry.Review.UpdateRowAsync(job, row.Id, RowReview.Correct("total", 99.5m));

        Assert.Equal(99.5m, patched.Get<decimal?>("total"));
        Assert.Equal(1.0, patched.Cells!["total"]!.Confidence);
        Assert.Equal("human", patched.Cells["total"]!.Phase);
        Assert.DoesNotContain("missing_required_field:total", patched.ValidationFlags);
        Assert.Equal(99.5m, (await Tenant.Quarry.Results.GetAsync(job)).Data[0].Get<decimal?>("total"));

        var page = await Tenant.Quarry.Review.GetHistoryAsync(job, row.Id);
        var lines = page.Data;
        Assert.Contains(lines, l => l.Action == HistoryAction.Extracted && l.Phase == "phase_1_resolve"
            && l.Field == "invoice_number" && l.NewValue?.GetString() == "INV-2024-002");
        var correction = lines[^1];
        Assert.Equal((HistoryAction.Corrected, "human", "total"), (correction.Action, correction.Phase, correction.Field));
        Assert.Null(correction.PriorValue);
        Assert.Equal(99.5m, correction.NewValue!.Value.GetDecimal());
        Assert.Equal(Tenant.KeyId, correction.ApiKeyId);
        Assert.Equal(lines.Count, page.Pagination.Total);
        // The key itself is never part of the history: checked on the wire, where a leak would show.
        var raw = await Tenant.Client.GetStringAsync($"/v1/jobs/{job}/results/{row.Id}/history");
        Assert.DoesNotContain(Tenant.Key, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_400_naming_the_expected_type_and_an_unknown_field_is_400()
    {
        var (job, rows) = await FinishedJobAsync(("oct.pdf", TestInvoices.October()));
        var row = rows[0].Id.ToString();
        var problem = await (await PatchAsync(job, row, """{"values": {"total": "a lot"}}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.Contains("currency_amount", problem["errors"]!["values.total"]![0]!.GetValue<string>());
        problem = await (await PatchAsync(job, row, """{"values": {"date": "01/10/2024"}}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.Contains("date", problem["errors"]!["values.date"]![0]!.GetValue<string>());
        problem = await (await PatchAsync(job, row, """{"values": {"totl": 1}}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.NotNull(problem["errors"]!["values.totl"]);
        await (await PatchAsync(job, row, """{"action": "archive"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        await (await PatchAsync(job, row, "{}")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        await (await PatchAsync(job, "not-a-uuid", """{"action": "approve"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");

        // Nothing was written by the refused requests.
        Assert.DoesNotContain(await HistoryAsync(job, rows[0].Id), l => l.Phase == "human");
    }

    [Fact]
    public async Task Another_organizations_row_is_404_and_an_unknown_row_is_404()
    {
        var (job, rows) = await FinishedJobAsync(("oct.pdf", TestInvoices.October()));
        var other = await Host.NewTenantAsync();
        await (await PatchAsync(job, rows[0].Id.ToString(), """{"action": "approve"}""", other.Client)).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.Client.GetAsync($"/v1/jobs/{job}/results/{rows[0].Id}/history")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await PatchAsync(job, Guid.NewGuid().ToString(), """{"action": "approve"}""")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Approve_sets_approved_and_queues_row_approved_reject_keeps_the_reason()
    {
        var hook = await Tenant.Quarry.Webhooks.CreateAsync(new NewWebhook("http://127.0.0.1:9/hook", [WebhookEvents.RowApproved]));
        var (job, rows) = await FinishedJobAsync(("nov.pdf", TestInvoices.November()), ("oct.pdf", TestInvoices.October()));
        // Counted for the approved row only: the other row, approved by the pipeline, queues its own row.approved just
        // after the job reads complete, so a count of all deliveries would race it.
        async Task<int> ApprovalsOfAsync(Guid row) => (await Tenant.Quarry.Webhooks.ListAllDeliveriesAsync(hook.Id).ToListAsync())
            .Count(d => d.Event == WebhookEvents.RowApproved && d.Payload["data"]!["row"]!["id"]!.GetValue<string>() == row.ToString());
        Assert.Equal(0, await ApprovalsOfAsync(rows[0].Id));

        var approved = await Tenant.Quarry.Review.ApproveAsync(job, rows[0].Id);
        Assert.Equal(RowStatus.Approved, approved.Status);
        Assert.Contains("missing_required_field:total", approved.ValidationFlags);
        Assert.Equal(1, await ApprovalsOfAsync(rows[0].Id));

        var rejected = await Tenant.Quarry.Review.RejectAsync(job, rows[1].Id, "Not our invoice");
        Assert.Equal(RowStatus.Rejected, rejected.Status);
        var last = (await HistoryAsync(job, rows[1].Id))[^1];
        Assert.Equal((HistoryAction.Rejected, "Not our invoice"), (last.Action, last.Reason));
        var filtered = await Tenant.Quarry.Results.GetAsync(job, new ResultsRequest(RowStatus.Rejected));
        Assert.Equal(rows[1].Id, Assert.Single(filtered.Data).Id);
    }

    [Fact]
    public async Task Two_concurrent_corrections_of_one_cell_are_both_in_the_history_and_the_last_one_wins()
    {
        var (job, rows) = await FinishedJobAsync(("oct.pdf", TestInvoices.October()));
        var row = rows[0].Id;
        await Task.WhenAll(Tenant.Quarry.Review.UpdateRowAsync(job, row, RowReview.Correct("total", 1.25m)),
            Tenant.Quarry.Review.UpdateRowAsync(job, row, RowReview.Correct("total", 2.5m)));

        var lines = (await HistoryAsync(job, row)).Where(l => l.Action == HistoryAction.Corrected).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal([1.25m, 2.5m], lines.Select(l => l.NewValue!.Value.GetDecimal()).Order());
        // The later correction replaced the earlier one, not the value both read: nothing was lost in between.
        Assert.Equal(lines[0].NewValue!.Value.GetDecimal(), lines[1].PriorValue!.Value.GetDecimal());
        var final = (await Tenant.Quarry.Results.GetAsync(job)).Data[0].Get<decimal?>("total");
        Assert.Equal(lines[1].NewValue!.Value.GetDecimal(), final);
    }

    [Fact]
    public async Task Bulk_review_approves_many_rows_and_refuses_rows_of_another_job()
    {
        var (job, rows) = await FinishedJobAsync(("nov.pdf", TestInvoices.November()), ("oct.pdf", TestInvoices.October()));
        var review = new BulkReview([.. rows.Select(r => r.Id)], ReviewAction.Approve);

        var done = await Tenant.Quarry.Review.UpdateRowsAsync(job, review, idempotencyKey: "bulk-1");
        Assert.All(done, r => Assert.Equal(RowStatus.Approved, r.Status));
        // The replay is a header on the wire: read raw.
        var body = new JsonObject { ["row_ids"] = new JsonArray([.. rows.Select(r => (JsonNode)r.Id.ToString())]), ["action"] = "approve" }.ToJsonString();
        var again = Api.Request(HttpMethod.Post, $"/v1/jobs/{job}/results/review", Api.Json(body));
        again.Headers.Add("Idempotency-Key", "bulk-1");
        var replay = await Tenant.Client.SendAsync(again);
        await replay.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());

        var stranger = await Assert.ThrowsAsync<QuarryValidationException>(() =>
            Tenant.Quarry.Review.UpdateRowsAsync(job, new BulkReview([Guid.NewGuid()], ReviewAction.Reject)));
        Assert.Contains("row_ids[0]", stranger.Problem.Errors.Keys);
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
