using System.Text.Json;
using System.Text.Json.Nodes;

namespace Quarry.Client.Tests;

/// <summary>Review, row history, the Field Registry and the health check through the client, against the real server over HTTP.</summary>
public sealed class ClientReviewTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly KestrelServer _server = fixture.Server;

    [Fact]
    public async Task A_row_is_corrected_rejected_and_approved_in_bulk_and_its_history_reads_back_in_order()
    {
        using var client = await _server.NewClientAsync();
        var (_, _, job) = await Invoices.FinishedJobAsync(client, 3);
        var rows = await ClientRoundTripTests.ToListAsync(client.Results.ListAllAsync(job.Id));

        var corrected = await client.Review.UpdateRowAsync(job.Id, rows[0].Id, RowReview.Correct("total", 99.5m));
        Assert.Equal(99.5m, corrected.Get<decimal?>("total"));
        Assert.Equal(1.0, corrected.Cells!["total"]!.Confidence);
        Assert.Equal("human", corrected.Cells["total"]!.Phase);

        var wrongType = await Assert.ThrowsAsync<QuarryValidationException>(() =>
            client.Review.UpdateRowAsync(job.Id, rows[0].Id, RowReview.Correct("total", "a lot")));
        Assert.Contains("currency_amount", wrongType.Problem.Errors["values.total"][0], StringComparison.Ordinal);
        await Assert.ThrowsAsync<QuarryNotFoundException>(() => client.Review.ApproveAsync(job.Id, Guid.NewGuid()));

        var rejected = await client.Review.RejectAsync(job.Id, rows[1].Id, "Not our invoice");
        Assert.Equal(RowStatus.Rejected, rejected.Status);
        var bulk = await client.Review.UpdateRowsAsync(job.Id, new BulkReview([rows[0].Id, rows[2].Id], ReviewAction.Approve));
        Assert.All(bulk, r => Assert.Equal(RowStatus.Approved, r.Status));
        Assert.Equal([rows[0].Id, rows[2].Id], bulk.Select(r => r.Id));
        var approved = await ClientRoundTripTests.ToListAsync(client.Results.ListAllAsync(job.Id, RowStatus.Approved));
        Assert.Equal([rows[0].Id, rows[2].Id], approved.Select(r => r.Id));

        var history = await ClientRoundTripTests.ToListAsync(client.Review.ListAllHistoryAsync(job.Id, rows[0].Id));
        Assert.Contains(history, h => h.Action == HistoryAction.Extracted && h.Field == "invoice_number"
            && h.NewValue?.GetString() == "INV-0001");
        var correction = history.Single(h => h.Action == HistoryAction.Corrected);
        Assert.Equal(("total", "human", 99.5m, 1.50m), (correction.Field, correction.Phase, correction.NewValue!.Value.GetDecimal(),
            correction.PriorValue!.Value.GetDecimal()));
        Assert.Equal(HistoryAction.Approved, history[^1].Action);
        var firstPage = await client.Review.GetHistoryAsync(job.Id, rows[0].Id, new PageRequest(Limit: 2));
        Assert.Equal(history.Count, firstPage.Pagination.Total);
        Assert.Equal(history.Take(2).Select(h => h.Id), firstPage.Data.Select(h => h.Id));
        var reason = (await ClientRoundTripTests.ToListAsync(client.Review.ListAllHistoryAsync(job.Id, rows[1].Id)))[^1];
        Assert.Equal((HistoryAction.Rejected, "Not our invoice"), (reason.Action, reason.Reason));
    }

    [Fact]
    public async Task The_registry_learns_from_labelled_documents_lists_its_rules_and_forgets_them()
    {
        using var client = await _server.NewClientAsync();
        var (schema, documents, _) = await Invoices.FinishedJobAsync(client, 2);

        var learned = await client.Registry.LearnAsync(new RegistryLearnRequest(schema.Id,
        [
            new RegistryExample(documents[0].Id, new Dictionary<string, JsonNode?> { ["invoice_number"] = "INV-0001", ["total"] = 1.50m }),
            new RegistryExample(documents[1].Id, new Dictionary<string, JsonNode?> { ["invoice_number"] = "INV-0002" }),
        ]));
        Assert.Equal((2, "Invoice"), (learned.Learned, learned.Schema));
        var bad = await Assert.ThrowsAsync<QuarryValidationException>(() => client.Registry.LearnAsync(new RegistryLearnRequest(schema.Id,
            [new RegistryExample(documents[0].Id, new Dictionary<string, JsonNode?> { ["total"] = "lots" })])));
        Assert.Contains("examples[0].values.total", bad.Problem.Errors.Keys);

        var rules = await ClientRoundTripTests.ToListAsync(client.Registry.ListAllFieldsAsync(new RegistryListRequest(Schema: "Invoice", Limit: 1)));
        Assert.Contains(rules, r => r.Field == "invoice_number");
        Assert.All(rules, r => Assert.InRange(r.Accuracy, 0, 1));
        var numberRules = await client.Registry.ListFieldsAsync(new RegistryListRequest(Schema: "Invoice", Field: "invoice_number"));
        Assert.All(numberRules.Data, r => Assert.Equal("invoice_number", r.Field));

        var one = numberRules.Data[0];
        await client.Registry.DeleteRuleAsync(one.Id);
        await Assert.ThrowsAsync<QuarryNotFoundException>(() => client.Registry.DeleteRuleAsync(one.Id));
        // The count includes the registry's internal bookkeeping rows, which the list does not show.
        Assert.InRange(await client.Registry.DeleteFieldsAsync("Invoice"), rules.Count - 1, int.MaxValue);
        Assert.Empty((await client.Registry.ListFieldsAsync(new RegistryListRequest(Schema: "Invoice"))).Data);
        Assert.Equal(0, await client.Registry.DeleteFieldsAsync("Invoice", "total"));
    }

    [Fact]
    public async Task The_health_check_answers_ok_and_the_role()
    {
        using var client = await _server.NewClientAsync();
        Assert.Equal(new Health("ok", "all"), await client.GetHealthAsync());
    }
}
