using System.Net;
using System.Text.Json.Nodes;
using Quarry.Client;
using Quarry.Core.Extraction;
using Quarry.Testing;

namespace Quarry.Server.Tests;

public sealed class SchemaAndJobTests : HostedTest
{
    [Fact]
    public async Task The_three_schema_forms_give_the_same_fields()
    {
        var list = await Tenant.Client.CreateSchemaAsync("""
            {"name": "S", "fields": [{"name": "total", "type": "number", "required": true}, {"name": "date", "type": "date"}]}
            """);
        var jsonSchema = await Tenant.Client.CreateSchemaAsync("""
            {"name": "S", "json_schema": {"type": "object", "required": ["total"],
              "properties": {"total": {"type": "number"}, "date": {"type": "string", "format": "date"}}}}
            """);
        var bare = await Tenant.Client.CreateSchemaAsync("""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "S", "type": "object", "required": ["total"],
             "properties": {"total": {"type": "number"}, "date": {"type": "string", "format": "date"}}}
            """);
        var flat = await Tenant.Client.CreateSchemaAsync("""{"name": "S", "fields": {"total": "number", "date": "date"}}""");

        Assert.Equal(list["fields"]!.ToJsonString(), jsonSchema["fields"]!.ToJsonString());
        Assert.Equal(list["fields"]!.ToJsonString(), bare["fields"]!.ToJsonString());
        Assert.Equal(list["json_schema"]!.ToJsonString(), jsonSchema["json_schema"]!.ToJsonString());
        // The flat map cannot say "required"; otherwise the same.
        Assert.Equal(list["fields"]!.ToJsonString().Replace("\"required\":true", "\"required\":false", StringComparison.Ordinal), flat["fields"]!.ToJsonString());
        Assert.Equal("date", list["json_schema"]!["properties"]!["date"]!["format"]!.GetValue<string>());
        Assert.Equal(1, list["version"]!.GetValue<int>());
        Assert.Equal($"/v1/schemas/{list.Id()}", list["links"]!["self"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_update_makes_a_new_version_and_a_running_job_keeps_its_own()
    {
        var quarry = Tenant.Quarry;
        var schema = await quarry.CreateInvoiceSchemaAsync();
        var doc = await quarry.Documents.UploadAsync(UploadFile.FromBytes("a.pdf", TestInvoices.October()));
        var job = await quarry.Jobs.CreateAsync(new NewJob(schema.Id, [doc.Id]));

        var updated = await quarry.Schemas.UpdateAsync(schema.Id, JsonNode.Parse("""{"name": "Invoice v2", "fields": {"invoice_number": "string"}}""")!.AsObject());
        Assert.Equal(2, updated.Version);
        Assert.Single(updated.Fields);

        var jobNow = await quarry.Jobs.WaitAsync(job.Id, TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, jobNow.Schema.Version);
        var results = await quarry.Results.GetAsync(job.Id);
        Assert.Equal(4, results.Data[0].Values.Count);
        Assert.Equal("Invoice", results.Schema!.Name);

        Assert.Equal(4, (await quarry.Schemas.GetAsync(schema.Id, version: 1)).Fields.Count);
        await (await Tenant.Client.GetAsync($"/v1/schemas/{schema.Id}?version=9")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");

        Assert.Equal(HttpStatusCode.NoContent, (await Tenant.Client.DeleteAsync($"/v1/schemas/{schema.Id}")).StatusCode);
        await Assert.ThrowsAsync<QuarryNotFoundException>(() => quarry.Schemas.GetAsync(schema.Id));
        Assert.Equal(4, (await quarry.Results.GetAsync(job.Id)).Data[0].Values.Count);
    }

    [Fact]
    public async Task A_job_without_document_ids_takes_every_document_not_yet_extracted_with_the_schema()
    {
        var t = await Host.NewTenantAsync();
        var schema = await t.Client.CreateInvoiceSchemaAsync();
        await t.Client.UploadAsync(("a.pdf", TestInvoices.Numbered(1)), ("b.pdf", TestInvoices.Numbered(2)));
        var job = await t.Client.CreateJobAsync(schema.Id());
        Assert.Equal(2, job["document_count"]!.GetValue<int>());
        Assert.Contains(job["status"]!.GetValue<string>(), new[] { "queued", "processing" });
        var done = await t.Client.WaitForJobAsync(job.Id());
        Assert.Equal(100, done["progress"]!.GetValue<int>());
        Assert.Equal(8, done["grid_stats"]!["total_cells"]!.GetValue<int>());
        Assert.Equal(8, done["grid_stats"]!["filled"]!.GetValue<int>());
        Assert.Equal(1.0, done["grid_stats"]!["fill_rate"]!.GetValue<double>());
        Assert.NotNull(done["started_at"]);
        Assert.NotNull(done["completed_at"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", done["created_at"]!.GetValue<string>());

        var again = await t.Client.PostJsonAsync("/v1/jobs", $$"""{"schema_id": "{{schema.Id()}}"}""");
        await again.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
    }

    [Fact]
    public async Task Cancel_stops_a_job_keeps_its_rows_and_refuses_a_second_cancel()
    {
        // Its own database: the class's host would otherwise take the row past the gate.
        await using var db = await TestDatabase.CreateAsync();
        var gate = new GateHooks(PhaseNames.Normalize);
        await using var host = new QuarryHost(db, hooks: gate);
        var t = await host.NewTenantAsync();
        var schema = await t.Client.CreateInvoiceSchemaAsync();
        var doc = (await t.Client.UploadAsync(("a.pdf", TestInvoices.October())))[0]!;
        var job = await t.Client.CreateJobAsync(schema.Id(), [doc.Id()]);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60));

        var cancelled = await t.Quarry.Jobs.CancelAsync(Guid.Parse(job.Id()));
        Assert.Equal(JobStatus.Cancelled, cancelled.Status);
        gate.Open();
        var second = await Assert.ThrowsAsync<QuarryConflictException>(() => t.Quarry.Jobs.CancelAsync(cancelled.Id));
        Assert.Equal("conflict", second.Code);

        var results = await t.Quarry.Results.GetAsync(cancelled.Id);
        Assert.Equal(JobStatus.Cancelled, results.JobStatus);
        Assert.Equal("INV-2024-001", results.Data[0].Get<string>("invoice_number"));
        var listed = await t.Quarry.Jobs.ListAsync(new JobListRequest(JobStatus.Cancelled));
        Assert.Equal([cancelled.Id], listed.Data.Select(j => j.Id));
    }

    [Fact]
    public async Task Results_page_with_limit_and_filter_by_status()
    {
        var t = await Host.NewTenantAsync();
        var schema = await t.Client.CreateInvoiceSchemaAsync();
        var docs = await t.Client.UploadAsync(("oct.pdf", TestInvoices.October()), ("nov.pdf", TestInvoices.November()), ("n3.pdf", TestInvoices.Numbered(3)));
        var job = await t.Client.CreateJobAsync(schema.Id(), docs.Select(d => d!.Id()));
        await t.Client.WaitForJobAsync(job.Id());

        var page1 = await t.Client.GetJsonAsync($"/v1/jobs/{job.Id()}/results?limit=2");
        Assert.Equal(3, page1["total_rows"]!.GetValue<int>());
        Assert.Equal(["oct.pdf", "nov.pdf"], page1["data"]!.AsArray().Select(r => r!["filename"]!.GetValue<string>()));
        var cursor = page1["pagination"]!["next_cursor"]!.GetValue<string>();
        var page2 = await t.Client.GetJsonAsync($"/v1/jobs/{job.Id()}/results?limit=2&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Equal(["n3.pdf"], page2["data"]!.AsArray().Select(r => r!["filename"]!.GetValue<string>()));
        Assert.False(page2["pagination"]!["has_more"]!.GetValue<bool>());

        var review = await t.Client.GetJsonAsync($"/v1/jobs/{job.Id()}/results?status=review");
        Assert.Equal(["nov.pdf"], review["data"]!.AsArray().Select(r => r!["filename"]!.GetValue<string>()));
        Assert.Null(review["pagination"]);

        await (await t.Client.GetAsync($"/v1/jobs/{job.Id()}/results?include=everything")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
    }

    [Fact]
    public async Task Health_openapi_and_the_reference_page_are_served()
    {
        var anonymous = Host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        var openapi = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        Assert.NotNull(openapi["paths"]!["/v1/jobs/{id}/results"]);
        Assert.Contains(openapi["paths"]!["/v1/schemas"]!["post"]!["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Idempotency-Key");
        Assert.NotNull(openapi["paths"]!["/v1/documents"]!["post"]!["requestBody"]!["content"]!["multipart/form-data"]);
        var jobBody = openapi["paths"]!["/v1/jobs"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        Assert.NotNull(jobBody["properties"]!["schema_id"]);
        Assert.NotNull(jobBody["properties"]!["document_ids"]);
        var docs = await anonymous.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("<html", await docs.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
