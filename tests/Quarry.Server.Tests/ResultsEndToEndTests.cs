using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Core.Extraction;
using Quarry.Core.Extraction.Calibration;
using Quarry.Data.Stores;
using Quarry.Testing;

namespace Quarry.Server.Tests;

/// <summary>The heart of the product: GET /v1/jobs/{id}/results over real PDFs, exactly as the seed specifies.</summary>
public sealed class ResultsEndToEndTests : DatabaseTest
{
    [Fact]
    public async Task Results_of_two_invoices_have_exactly_the_seed_shape_and_typed_values()
    {
        await using var host = new QuarryHost(Db);
        var t = await host.NewTenantAsync();
        var schema = await t.Client.CreateInvoiceSchemaAsync();
        var docs = await t.Client.UploadAsync(("invoice_oct.pdf", TestInvoices.October()), ("invoice_nov.pdf", TestInvoices.November()));
        var job = await t.Client.CreateJobAsync(schema.Id(), docs.Select(d => d!.Id()));
        await t.Client.WaitForJobAsync(job.Id());

        var results = await t.Client.GetJsonAsync($"/v1/jobs/{job.Id()}/results");

        var seed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "seed-results-example.json")))!;
        Assert.Equal(Shape(seed), Shape(results));

        Assert.Equal(job.Id(), results["job_id"]!.GetValue<string>());
        Assert.Equal("complete", results["job_status"]!.GetValue<string>());
        Assert.Equal(schema.Id(), results["schema"]!["id"]!.GetValue<string>());
        Assert.Equal("Invoice", results["schema"]!["name"]!.GetValue<string>());
        Assert.Equal(2, results["total_rows"]!.GetValue<int>());
        Assert.Equal($"/v1/jobs/{job.Id()}/results", results["links"]!["self"]!.GetValue<string>());
        Assert.Equal($"/v1/jobs/{job.Id()}", results["links"]!["job"]!.GetValue<string>());

        var oct = results["data"]![0]!;
        Assert.Equal(docs[0]!.Id(), oct["document_id"]!.GetValue<string>());
        Assert.Equal("invoice_oct.pdf", oct["filename"]!.GetValue<string>());
        Assert.Equal("approved", oct["status"]!.GetValue<string>());
        Assert.Equal("INV-2024-001", oct["values"]!["invoice_number"]!.GetValue<string>());
        Assert.Equal("Acme Corp", oct["values"]!["vendor"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.Number, oct["values"]!["total"]!.GetValueKind());
        Assert.Equal(4250.00m, oct["values"]!["total"]!.GetValue<decimal>());
        Assert.Equal("2024-10-01", oct["values"]!["date"]!.GetValue<string>());
        Assert.Empty(oct["validation_flags"]!.AsArray());
        Assert.InRange(oct["confidence"]!.GetValue<double>(), 0.8, 1.0);

        var nov = results["data"]![1]!;
        Assert.Equal("review", nov["status"]!.GetValue<string>());
        Assert.Null(nov["values"]!["total"]);
        Assert.Equal("2024-11-15", nov["values"]!["date"]!.GetValue<string>());
        Assert.Equal(["missing_required_field:total"], nov["validation_flags"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.True(nov["confidence"]!.GetValue<double>() < oct["confidence"]!.GetValue<double>());
    }

    [Fact]
    public async Task Cells_carry_value_raw_confidence_phase_and_source_box()
    {
        await using var host = new QuarryHost(Db);
        var t = await host.NewTenantAsync();
        var schema = await t.Client.CreateInvoiceSchemaAsync();
        var docs = await t.Client.UploadAsync(("oct.pdf", TestInvoices.October()));
        var job = await t.Client.CreateJobAsync(schema.Id(), [docs[0]!.Id()]);
        await t.Client.WaitForJobAsync(job.Id());

        var results = await t.Client.GetJsonAsync($"/v1/jobs/{job.Id()}/results?include=cells");
        var total = results["data"]![0]!["cells"]!["total"]!;
        Assert.Equal(4250.00m, total["value"]!.GetValue<decimal>());
        Assert.Equal("4,250.00", total["raw"]!.GetValue<string>());
        Assert.Equal(PhaseNames.Resolve, total["phase"]!.GetValue<string>());
        Assert.Equal(1, total["source"]!["page"]!.GetValue<int>());
        var box = total["source"]!["bbox"]!.AsArray().Select(n => n!.GetValue<double>()).ToArray();
        Assert.Equal(4, box.Length);
        Assert.True(box[0] >= 169 && box[2] > box[0] && box[3] > box[1], string.Join(",", box));
        Assert.Equal("4,250.00", total["source"]!["text"]!.GetValue<string>());
        // How it was found survives the trip through the database between phases: phase 4 recomputed the confidence from it.
        Assert.Equal("label", total["evidence"]!["kind"]!.GetValue<string>());
        var score = total["evidence"]!["score"]!.GetValue<double>();
        Assert.InRange(score, 0.5, 1);
        Assert.Equal(ConfidenceCalibration.Parse(File.ReadAllText(TestCalibration.Path)).Confidence(new Evidence("label", score), "total"),
            total["confidence"]!.GetValue<double>());
    }

    [Fact]
    public async Task Results_are_readable_between_phases_while_the_job_runs()
    {
        var gate = new GateHooks(PhaseNames.Agent);
        await using var host = new QuarryHost(Db, hooks: gate);
        var t = await host.NewTenantAsync();
        var schema = await t.Client.CreateInvoiceSchemaAsync();
        var docs = await t.Client.UploadAsync(("oct.pdf", TestInvoices.October()));
        var job = await t.Client.CreateJobAsync(schema.Id(), [docs[0]!.Id()]);

        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        var partial = await t.Client.GetJsonAsync($"/v1/jobs/{job.Id()}/results");
        Assert.Equal("processing", partial["job_status"]!.GetValue<string>());
        var row = partial["data"]![0]!;
        Assert.Equal("processing", row["status"]!.GetValue<string>());
        Assert.Equal("INV-2024-001", row["values"]!["invoice_number"]!.GetValue<string>());
        Assert.Equal("Acme Corp", row["values"]!["vendor"]!.GetValue<string>());
        Assert.NotNull(row["values"]!["total"]);
        var running = await t.Client.GetJsonAsync($"/v1/jobs/{job.Id()}");
        Assert.Equal("phase_2_agent", running["current_phase"]!.GetValue<string>());
        Assert.Equal(25, running["progress"]!.GetValue<int>());

        gate.Open();
        await t.Client.WaitForJobAsync(job.Id());
        var final = await t.Client.GetJsonAsync($"/v1/jobs/{job.Id()}/results");
        Assert.Equal("approved", final["data"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(4250.00m, final["data"]![0]!["values"]!["total"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_job_interrupted_by_a_stop_completes_on_a_new_host_with_one_row_per_document()
    {
        string jobId;
        string[] docIds;
        var gate = new GateHooks(PhaseNames.Normalize);
        await using (var first = new QuarryHost(Db, hooks: gate))
        {
            var t = await first.NewTenantAsync("restart-org");
            var schema = await t.Client.CreateInvoiceSchemaAsync();
            var docs = await t.Client.UploadAsync(Enumerable.Range(1, 4).Select(i => ($"inv{i}.pdf", TestInvoices.Numbered(i))).ToArray());
            docIds = docs.Select(d => d!.Id()).ToArray();
            jobId = (await t.Client.CreateJobAsync(schema.Id(), docIds)).Id();
            await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60));
            var midway = await t.Client.GetJsonAsync($"/v1/jobs/{jobId}");
            Assert.Equal("processing", midway["status"]!.GetValue<string>());
        }

        await using var second = new QuarryHost(Db);
        var t2 = await second.NewTenantAsync("restart-org");
        var job = await t2.Client.WaitForJobAsync(jobId);
        Assert.Equal("complete", job["status"]!.GetValue<string>());

        var results = await t2.Client.GetJsonAsync($"/v1/jobs/{jobId}/results");
        Assert.Equal(4, results["total_rows"]!.GetValue<int>());
        Assert.Equal(docIds.Order(), results["data"]!.AsArray().Select(r => r!["document_id"]!.GetValue<string>()).Order());
        Assert.All(results["data"]!.AsArray(), r => Assert.Equal("approved", r!["status"]!.GetValue<string>()));

        var rows = await second.Services.GetRequiredService<RowStore>().RowsAsync(Guid.Parse(jobId), null, null, null, default);
        Assert.All(rows.Items, r =>
        {
            var phases = JsonSerializer.Deserialize<Dictionary<string, string>>(r.Phases)!;
            Assert.Equal(PhaseNames.InOrder.Order(), phases.Keys.Order());
        });
    }

    /// <summary>Keys, nesting and JSON kinds, recursively: what "the same shape" means.</summary>
    private static string Shape(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(",", o.Select(kv => $"{kv.Key}:{Shape(kv.Value)}")) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Shape)) + "]",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "bool",
            var k => k.ToString(),
        },
    };
}
