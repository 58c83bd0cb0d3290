using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Data.Stores;

namespace Quarry.Server.Tests;

/// <summary>
/// <c>propagate: "all_similar"</c> through the real API: a correction on one of supplier X's rows re-runs the phases for
/// the job's other X rows with the updated registry, and leaves supplier Y's row, a person's cells and a row a person
/// approved alone.
/// </summary>
public sealed class PropagationTests : HostedTest
{
    private Task<HttpResponseMessage> PatchAsync(string job, JsonNode row, string json) =>
        Tenant.Client.PatchAsync($"/v1/jobs/{job}/results/{row.Id()}", Api.Json(json));

    private static JsonNode Named(JsonArray rows, string file) => rows.Single(r => r!["filename"]!.GetValue<string>() == file)!;

    [Fact]
    public async Task A_propagated_correction_fills_the_rows_of_the_same_layout_and_keeps_people_s_cells_and_decisions()
    {
        var schema = await Tenant.Client.CreateSchemaAsync(SupplierInvoices.Schema);
        var docs = await Tenant.Client.UploadAsync(
            ("a.pdf", SupplierInvoices.X("X-1", "10.00")), ("b.pdf", SupplierInvoices.X("X-2", "20.00")), ("c.pdf", SupplierInvoices.X("X-3", "30.00")),
            ("e.pdf", SupplierInvoices.X("X-5", "50.00", "CX-5000")), ("f.pdf", SupplierInvoices.X("X-6", "60.00")), ("d.pdf", SupplierInvoices.Y("Y-4", "40.00")));
        var job = (await Tenant.Client.CreateJobAsync(schema.Id(), docs.Select(d => d!.Id()))).Id();
        await Tenant.Client.WaitForJobAsync(job);
        var rows = (await Tenant.Client.GetJsonAsync($"/v1/jobs/{job}/results"))["data"]!.AsArray();
        Assert.All(rows, r => Assert.Null(r!["values"]!["account_ref"]));
        // Phase 1 stored each document's fingerprint, so propagation groups rows without reading their documents again.
        var candidates = await Host.Services.GetRequiredService<ReviewStore>().PropagationCandidatesAsync(Guid.Parse(job), Guid.Parse(Named(rows, "a.pdf").Id()), default);
        var keys = candidates.ToDictionary(c => c.Filename, c => JsonSerializer.Deserialize<string[]>(c.LayoutKeys!)!);
        Assert.Equal(5, keys.Count);
        Assert.Equal(keys["b.pdf"], keys["c.pdf"]);
        Assert.NotEqual(keys["b.pdf"], keys["d.pdf"]);

        // A person's earlier work: e's account_ref set by hand, f approved as it was.
        await (await PatchAsync(job, Named(rows, "e.pdf"), """{"values": {"account_ref": "CX-5000"}}""")).ExpectAsync(HttpStatusCode.OK);
        await (await PatchAsync(job, Named(rows, "f.pdf"), """{"action": "approve"}""")).ExpectAsync(HttpStatusCode.OK);

        var patched = await (await PatchAsync(job, Named(rows, "a.pdf"), """{"values": {"account_ref": "CX-4711"}, "propagate": "all_similar"}"""))
            .ExpectAsync(HttpStatusCode.OK);
        // b, c and e (re-run, keeping its person's cell); not f (a person approved it) nor d (another layout).
        Assert.Equal(3, patched["propagated_rows"]!.GetValue<int>());
        // Learned on e, tested (right) on a: both learns counted, though the second ran on the cached registry's copy.
        var rules = (await Tenant.Client.GetJsonAsync("/v1/registry/fields?schema=Invoice&field=account_ref"))["data"]!.AsArray();
        var label = rules.Single(r => r!["kind"]!.GetValue<string>() == "label" && r["layout"]!.GetValue<string>() != "*")!;
        Assert.Equal((2.0, 2.0, 0.6667), (label["seen"]!.GetValue<double>(), label["right"]!.GetValue<double>(), label["accuracy"]!.GetValue<double>()));

        var after = (await Tenant.Client.GetJsonAsync($"/v1/jobs/{job}/results?include=cells"))["data"]!.AsArray();
        foreach (var file in new[] { "b.pdf", "c.pdf" })
        {
            var row = Named(after, file);
            Assert.Equal("CX-4711", row["values"]!["account_ref"]!.GetValue<string>());
            Assert.Equal("registry", row["cells"]!["account_ref"]!["source"]!["kind"]!.GetValue<string>());
            var history = (await Tenant.Client.GetJsonAsync($"/v1/jobs/{job}/results/{row.Id()}/history"))["data"]!.AsArray();
            var line = history.Last(l => l!["field"]?.GetValue<string>() == "account_ref")!;
            Assert.Equal("propagated", line["action"]!.GetValue<string>());
            Assert.Null(line["prior_value"]);
            Assert.Equal("CX-4711", line["new_value"]!.GetValue<string>());
        }
        // Extraction of the rest is unchanged by the re-run.
        Assert.Equal("X-2", Named(after, "b.pdf")["values"]!["invoice_number"]!.GetValue<string>());

        var e = Named(after, "e.pdf");
        Assert.Equal("CX-5000", e["values"]!["account_ref"]!.GetValue<string>());
        Assert.Equal("human", e["cells"]!["account_ref"]!["phase"]!.GetValue<string>());
        var f = Named(after, "f.pdf");
        Assert.Null(f["values"]!["account_ref"]);
        Assert.Equal("approved", f["status"]!.GetValue<string>());
        var d = Named(after, "d.pdf");
        Assert.Null(d["values"]!["account_ref"]);
        var dHistory = (await Tenant.Client.GetJsonAsync($"/v1/jobs/{job}/results/{d.Id()}/history"))["data"]!.AsArray();
        Assert.DoesNotContain(dHistory, l => l!["action"]!.GetValue<string>() == "propagated");
    }

    [Fact]
    public async Task Propagate_needs_corrected_values_and_takes_only_all_similar()
    {
        var schema = await Tenant.Client.CreateSchemaAsync(SupplierInvoices.Schema);
        var docs = await Tenant.Client.UploadAsync(("a.pdf", SupplierInvoices.X("X-1", "10.00")));
        var job = (await Tenant.Client.CreateJobAsync(schema.Id(), docs.Select(d => d!.Id()))).Id();
        await Tenant.Client.WaitForJobAsync(job);
        var row = (await Tenant.Client.GetJsonAsync($"/v1/jobs/{job}/results"))["data"]![0]!;

        await (await PatchAsync(job, row, """{"action": "approve", "propagate": "all_similar"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        await (await PatchAsync(job, row, """{"values": {"account_ref": "CX-4711"}, "propagate": "everything"}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        var alone = await (await PatchAsync(job, row, """{"values": {"account_ref": "CX-4711"}, "propagate": "all_similar"}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, alone["propagated_rows"]!.GetValue<int>());
        var plain = await (await PatchAsync(job, row, """{"values": {"account_ref": "CX-4712"}}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(plain["propagated_rows"]);
    }
}
