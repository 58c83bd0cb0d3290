using System.Net;
using System.Text.Json.Nodes;
using Quarry.Client;
using Quarry.Testing;

namespace Quarry.Server.Tests;

/// <summary>
/// The Field Registry through the real API: a person's correction on supplier X's invoice in one job fills that field for
/// the next invoice of supplier X in another job, from the registry, and leaves supplier Y's invoice alone.
/// </summary>
public sealed class RegistryLearningTests : HostedTest
{
    private async Task<List<ResultRow>> RunJobAsync(Guid schemaId, params (string Name, byte[] Bytes)[] files) =>
        (await Tenant.Quarry.RunJobAsync(schemaId, includeCells: true, files)).Rows;

    [Fact]
    public async Task A_correction_on_supplier_X_fills_the_next_X_invoice_from_the_registry_and_leaves_supplier_Y_untouched()
    {
        var schema = await Tenant.Quarry.CreateSchemaAsync(SupplierInvoices.Schema);
        var first = await RunJobAsync(schema.Id, ("x-1.pdf", SupplierInvoices.X("X-1001", "120.00")));
        var x1 = first[0];
        Assert.Null(x1.Get<string>("account_ref"));
        var jobId = (await Tenant.Quarry.Jobs.ListAsync()).Data[0].Id;
        await Tenant.Quarry.Review.UpdateRowAsync(jobId, x1.Id, RowReview.Correct("account_ref", "CX-4711"));

        var rules = await Tenant.Quarry.Registry.ListAllFieldsAsync(new RegistryListRequest("Invoice", "account_ref")).ToListAsync();
        Assert.Contains(rules, r => r.Kind == "label" && r.Label == "cust id");

        var second = await RunJobAsync(schema.Id, ("x-2.pdf", SupplierInvoices.X("X-1002", "75.50")), ("y-1.pdf", SupplierInvoices.Y("Y-77", "19.99")));
        var x2 = second.Single(r => r.Filename == "x-2.pdf");
        Assert.Equal("CX-4711", x2.Get<string>("account_ref"));
        var cell = x2.Cells!["account_ref"]!;
        Assert.Equal("registry", cell.Source!.Kind);
        Assert.Equal("registry", cell.Evidence!.Kind);
        // One confirmation and no test yet: the rule's confidence is 0.5 (the cell goes to review); each right test raises it.
        Assert.Equal(0.5, cell.Confidence!.Value);
        Assert.Equal("X-1002", x2.Get<string>("invoice_number"));
        Assert.Equal(75.50m, x2.Get<decimal?>("total"));

        var y1 = second.Single(r => r.Filename == "y-1.pdf");
        Assert.Null(y1.Get<string>("account_ref"));
        Assert.Equal("Y-77", y1.Get<string>("invoice_number"));
        Assert.All(y1.Cells!.Values, c => Assert.NotEqual("registry", c?.Source?.Kind));

        var job2 = (await Tenant.Quarry.Jobs.ListAsync()).Data[0];
        Assert.True(job2.GridStats.RegistryFilled >= 1);
    }

    [Fact]
    public async Task The_registry_is_per_organization_inspectable_deletable_and_learns_from_labelled_documents()
    {
        var schema = await Tenant.Quarry.CreateSchemaAsync(SupplierInvoices.Schema);
        var doc = await Tenant.Quarry.Documents.UploadAsync(UploadFile.FromBytes("x-1.pdf", SupplierInvoices.X("X-1001", "120.00")));
        await Tenant.Client.WaitForAsync($"/v1/documents/{doc.Id}", d => d["status"]!.GetValue<string>() == "completed");
        var learned = await Tenant.Quarry.Registry.LearnAsync(new RegistryLearnRequest(schema.Id,
            [new RegistryExample(doc.Id, new Dictionary<string, JsonNode?> { ["account_ref"] = "CX-4711" })]));
        Assert.Equal(1, learned.Learned);
        var bad = new JsonObject
        {
            ["schema_id"] = schema.Id,
            ["examples"] = new JsonArray(new JsonObject { ["document_id"] = doc.Id, ["values"] = new JsonObject { ["total"] = "lots" } }),
        };
        await (await Tenant.Client.PostJsonAsync("/v1/registry/learn", bad.ToJsonString())).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");

        var rules = (await Tenant.Quarry.Registry.ListFieldsAsync(new RegistryListRequest("Invoice"))).Data;
        Assert.NotEmpty(rules);
        var other = await Host.NewTenantAsync();
        Assert.Empty((await other.Quarry.Registry.ListFieldsAsync()).Data);
        await (await other.Client.DeleteAsync($"/v1/registry/fields/{rules[0].Id}")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");

        await (await Tenant.Client.DeleteAsync($"/v1/registry/fields/{rules[0].Id}")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(rules.Count - 1, (await Tenant.Quarry.Registry.ListFieldsAsync(new RegistryListRequest("Invoice"))).Pagination.Total);
        await Tenant.Quarry.Registry.DeleteFieldsAsync("Invoice");
        Assert.Empty((await Tenant.Quarry.Registry.ListFieldsAsync(new RegistryListRequest("Invoice"))).Data);
    }
}
