using System.Net;
using System.Text.Json.Nodes;

namespace Quarry.Server.Tests;

/// <summary>
/// The Field Registry through the real API: a person's correction on supplier X's invoice in one job fills that field for
/// the next invoice of supplier X in another job, from the registry, and leaves supplier Y's invoice alone.
/// </summary>
public sealed class RegistryLearningTests : HostedTest
{
    private async Task<JsonArray> RunJobAsync(string schemaId, params (string Name, byte[] Bytes)[] files)
    {
        var docs = await Tenant.Client.UploadAsync(files);
        var job = await Tenant.Client.CreateJobAsync(schemaId, docs.Select(d => d!.Id()));
        await Tenant.Client.WaitForJobAsync(job.Id());
        return (await Tenant.Client.GetJsonAsync($"/v1/jobs/{job.Id()}/results?include=cells"))["data"]!.AsArray();
    }

    [Fact]
    public async Task A_correction_on_supplier_X_fills_the_next_X_invoice_from_the_registry_and_leaves_supplier_Y_untouched()
    {
        var schema = await Tenant.Client.CreateSchemaAsync(SupplierInvoices.Schema);
        var first = await RunJobAsync(schema.Id(), ("x-1.pdf", SupplierInvoices.X("X-1001", "120.00")));
        var x1 = first[0]!;
        Assert.Null(x1["values"]!["account_ref"]);
        var jobId = (await Tenant.Client.GetJsonAsync("/v1/jobs"))["data"]![0]!.Id();
        await (await Tenant.Client.PatchAsync($"/v1/jobs/{jobId}/results/{x1.Id()}", Api.Json("""{"values": {"account_ref": "CX-4711"}}""")))
            .ExpectAsync(HttpStatusCode.OK);

        var rules = await Tenant.Client.GetJsonAsync("/v1/registry/fields?schema=Invoice&field=account_ref");
        Assert.Contains(rules["data"]!.AsArray(), r => r!["kind"]!.GetValue<string>() == "label" && r["label"]!.GetValue<string>() == "cust id");

        var second = await RunJobAsync(schema.Id(), ("x-2.pdf", SupplierInvoices.X("X-1002", "75.50")), ("y-1.pdf", SupplierInvoices.Y("Y-77", "19.99")));
        var x2 = second.Single(r => r!["filename"]!.GetValue<string>() == "x-2.pdf")!;
        Assert.Equal("CX-4711", x2["values"]!["account_ref"]!.GetValue<string>());
        var cell = x2["cells"]!["account_ref"]!;
        Assert.Equal("registry", cell["source"]!["kind"]!.GetValue<string>());
        Assert.Equal("registry", cell["evidence"]!["kind"]!.GetValue<string>());
        // One confirmation and no test yet: the rule's confidence is 0.5 (the cell goes to review); each right test raises it.
        Assert.Equal(0.5, cell["confidence"]!.GetValue<double>());
        Assert.Equal("X-1002", x2["values"]!["invoice_number"]!.GetValue<string>());
        Assert.Equal(75.50m, x2["values"]!["total"]!.GetValue<decimal>());

        var y1 = second.Single(r => r!["filename"]!.GetValue<string>() == "y-1.pdf")!;
        Assert.Null(y1["values"]!["account_ref"]);
        Assert.Equal("Y-77", y1["values"]!["invoice_number"]!.GetValue<string>());
        Assert.All(y1["cells"]!.AsObject(), c => Assert.NotEqual("registry", c.Value?["source"]?["kind"]?.GetValue<string>()));

        var job2 = (await Tenant.Client.GetJsonAsync("/v1/jobs"))["data"]![0]!;
        Assert.True(job2["grid_stats"]!["registry_filled"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task The_registry_is_per_organization_inspectable_deletable_and_learns_from_labelled_documents()
    {
        var schema = await Tenant.Client.CreateSchemaAsync(SupplierInvoices.Schema);
        var docs = await Tenant.Client.UploadAsync(("x-1.pdf", SupplierInvoices.X("X-1001", "120.00")));
        await Tenant.Client.WaitForAsync($"/v1/documents/{docs[0]!.Id()}", d => d["status"]!.GetValue<string>() == "completed");
        var body = new JsonObject
        {
            ["schema_id"] = schema.Id(),
            ["examples"] = new JsonArray(new JsonObject { ["document_id"] = docs[0]!.Id(), ["values"] = new JsonObject { ["account_ref"] = "CX-4711" } }),
        };
        var learned = await (await Tenant.Client.PostJsonAsync("/v1/registry/learn", body.ToJsonString())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, learned["learned"]!.GetValue<int>());
        var bad = new JsonObject
        {
            ["schema_id"] = schema.Id(),
            ["examples"] = new JsonArray(new JsonObject { ["document_id"] = docs[0]!.Id(), ["values"] = new JsonObject { ["total"] = "lots" } }),
        };
        await (await Tenant.Client.PostJsonAsync("/v1/registry/learn", bad.ToJsonString())).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");

        var rules = (await Tenant.Client.GetJsonAsync("/v1/registry/fields?schema=Invoice"))["data"]!.AsArray();
        Assert.NotEmpty(rules);
        var other = await Host.NewTenantAsync();
        Assert.Empty((await other.Client.GetJsonAsync("/v1/registry/fields"))["data"]!.AsArray());
        await (await other.Client.DeleteAsync($"/v1/registry/fields/{rules[0]!.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");

        await (await Tenant.Client.DeleteAsync($"/v1/registry/fields/{rules[0]!.Id()}")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(rules.Count - 1, (await Tenant.Client.GetJsonAsync("/v1/registry/fields?schema=Invoice"))["pagination"]!["total"]!.GetValue<int>());
        await (await Tenant.Client.DeleteAsync("/v1/registry/fields?schema=Invoice")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty((await Tenant.Client.GetJsonAsync("/v1/registry/fields?schema=Invoice"))["data"]!.AsArray());
    }
}
