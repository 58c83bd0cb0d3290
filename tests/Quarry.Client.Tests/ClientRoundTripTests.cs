using System.Text;
using System.Text.Json.Nodes;

namespace Quarry.Client.Tests;

public sealed class WebhookServerFixture : ServerFixture
{
    // Webhooks may point at loopback; nothing is sent from this process, so deliveries stay put for the test to read.
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Quarry:Webhooks:AllowPrivateTargets"] = "true",
        ["Quarry:Webhooks:Concurrency"] = "0",
    };
}

/// <summary>Every endpoint family through the client, against the real server over HTTP.</summary>
public sealed class ClientRoundTripTests(WebhookServerFixture fixture) : IClassFixture<WebhookServerFixture>
{
    private readonly KestrelServer _server = fixture.Server;

    [Fact]
    public async Task Documents_upload_list_get_content_file_and_delete()
    {
        using var client = await _server.NewClientAsync();
        var path = Path.Combine(Path.GetTempPath(), $"quarry-client-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, "Invoice Number: INV-7\nTotal: 7.00\n");
        try
        {
            using var stream = new MemoryStream(Invoices.Numbered(2));
            var created = await client.Documents.UploadAsync(
                [UploadFile.FromBytes("one.pdf", Invoices.Numbered(1)), UploadFile.FromStream("two.pdf", stream), UploadFile.FromPath(path, "notes/seven.txt")],
                new JsonObject { ["batch"] = "october" });
            Assert.Equal(["one.pdf", "two.pdf", "notes/seven.txt"], created.Select(d => d.Filename));
            Assert.All(created, d => Assert.Equal("october", d.Metadata?.GetProperty("batch").GetString()));

            var first = await client.Documents.ListAsync(new DocumentListRequest(Limit: 2));
            Assert.Equal(3, first.Pagination.Total);
            Assert.True(first.Pagination.HasMore);
            var all = await ToListAsync(client.Documents.ListAllAsync(new DocumentListRequest(Limit: 1)));
            Assert.Equal(created.Select(d => d.Id).Order(), all.Select(d => d.Id).Order());
            Assert.Single((await client.Documents.ListAsync(new DocumentListRequest(Q: "SEVEN"))).Data);

            var seven = created[2];
            var parsed = await WaitAsync(() => client.Documents.GetAsync(seven.Id), d => d.Status == DocumentStatus.Completed);
            Assert.Equal("text/plain", parsed.MimeType);
            var content = await client.Documents.GetContentAsync(seven.Id);
            Assert.Contains("INV-7", content.ToJsonString(), StringComparison.Ordinal);
            await using (var file = await client.Documents.OpenFileAsync(seven.Id))
            using (var reader = new StreamReader(file, Encoding.UTF8))
                Assert.Equal(await File.ReadAllTextAsync(path), await reader.ReadToEndAsync());

            await client.Documents.DeleteAsync(seven.Id);
            await Assert.ThrowsAsync<QuarryNotFoundException>(() => client.Documents.GetAsync(seven.Id));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Schemas_create_in_every_form_list_get_versions_update_and_delete()
    {
        using var client = await _server.NewClientAsync();
        var typed = await client.Schemas.CreateAsync(new NewSchema("Invoice",
        [
            new SchemaField("invoice_number", FieldTypes.String, Required: true, Aliases: ["invoice no"]),
            new SchemaField("kind", FieldTypes.Enum, Enum: ["invoice", "credit_note"]),
            new SchemaField("line_items", FieldTypes.Array, Items: SchemaItems.Of(
                new SchemaField("description", FieldTypes.String), new SchemaField("amount", FieldTypes.CurrencyAmount))),
            new SchemaField("tags", FieldTypes.Array, Items: SchemaItems.OfType(FieldTypes.String)),
        ], "With line items"));
        Assert.Equal(1, typed.Version);
        Assert.Equal(["description", "amount"], typed.Fields[2].Items!.Fields!.Select(f => f.Name));
        Assert.Equal(FieldTypes.String, typed.Fields[3].Items!.Type);
        Assert.Equal(["invoice", "credit_note"], typed.Fields[1].Enum!);
        Assert.Equal("object", typed.JsonSchema["type"]!.GetValue<string>());

        var flat = await client.Schemas.CreateAsync(JsonNode.Parse("""{"name": "Receipt", "fields": {"total": "currency_amount", "date": "date"}}""")!.AsObject());
        Assert.Equal(["total", "date"], flat.Fields.Select(f => f.Name));

        var page = await client.Schemas.ListAsync(new PageRequest(Limit: 1));
        Assert.Equal(2, page.Pagination.Total);
        Assert.Equal(flat.Id, page.Data.Single().Id);
        Assert.Equal([flat.Id, typed.Id], (await ToListAsync(client.Schemas.ListAllAsync())).Select(s => s.Id));

        var v2 = await client.Schemas.UpdateAsync(typed.Id, new NewSchema("Invoice", [new SchemaField("total", FieldTypes.CurrencyAmount, Required: true)]));
        Assert.Equal(2, v2.Version);
        Assert.Equal(4, (await client.Schemas.GetAsync(typed.Id, version: 1)).Fields.Count);
        Assert.Equal([1, 2], (await client.Schemas.GetVersionsAsync(typed.Id)).Select(s => s.Version));

        await client.Schemas.DeleteAsync(flat.Id);
        await Assert.ThrowsAsync<QuarryNotFoundException>(() => client.Schemas.GetAsync(flat.Id));
    }

    [Fact]
    public async Task Jobs_and_results_pages_await_foreach_and_streamed_exports()
    {
        using var client = await _server.NewClientAsync();
        var (schema, documents, job) = await Invoices.FinishedJobAsync(client, 5);
        Assert.Equal(JobStatus.Complete, job.Status);
        Assert.Equal(100, job.Progress);
        Assert.Equal("test job", job.Name);
        Assert.Equal(schema.Id, job.Schema.Id);
        Assert.Equal(job.Id, (await client.Jobs.ListAsync(new JobListRequest(Status: JobStatus.Complete))).Data.Single().Id);
        Assert.Equal(job.Id, Assert.Single(await ToListAsync(client.Jobs.ListAllAsync())).Id);

        var whole = await client.Results.GetAsync(job.Id);
        Assert.Null(whole.Pagination);
        Assert.Equal(5, whole.TotalRows);
        var page = await client.Results.GetAsync(job.Id, new ResultsRequest(Limit: 2, IncludeCells: true));
        Assert.Equal(2, page.Data.Count);
        Assert.True(page.Pagination!.HasMore);
        Assert.Equal(1, page.Data[0].Cells!["total"]!.Source!.Page);

        // Pages of two: three requests, every row once, in document order.
        var rows = await ToListAsync(client.Results.ListAllAsync(job.Id, pageSize: 2));
        Assert.Equal(documents.Select(d => d.Id), rows.Select(r => r.DocumentId));
        Assert.Equal(whole.Data.Select(r => r.Id), rows.Select(r => r.Id));
        Assert.Equal("INV-0003", rows[2].Get<string>("invoice_number"));
        Assert.Equal(3.50m, rows[2].Get<decimal?>("total"));
        Assert.Equal(new DateOnly(2024, 10, 1), rows[2].Get<DateOnly?>("date"));

        using var csv = new MemoryStream();
        await client.Results.ExportAsync(job.Id, ExportFormat.Csv, csv);
        var lines = Encoding.UTF8.GetString(csv.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("row_id,document_id,filename,status,confidence,validation_flags,invoice_number", lines[0], StringComparison.Ordinal);
        Assert.Equal(6, lines.Length);
        using var xlsx = new MemoryStream();
        await client.Results.ExportAsync(job.Id, ExportFormat.Xlsx, xlsx);
        Assert.Equal("PK"u8.ToArray(), xlsx.ToArray()[..2]);
        await using var ndjson = await client.Results.OpenExportAsync(job.Id, ExportFormat.Ndjson, includeCells: true);
        using var reader = new StreamReader(ndjson);
        var first = JsonNode.Parse((await reader.ReadLineAsync())!)!;
        Assert.Equal("inv-01.pdf", first["filename"]!.GetValue<string>());
        Assert.NotNull(first["cells"]);

        var conflict = await Assert.ThrowsAsync<QuarryConflictException>(() => client.Jobs.CancelAsync(job.Id));
        Assert.Equal("conflict", conflict.Code);
    }

    [Fact]
    public async Task Webhooks_crud_and_deliveries()
    {
        using var client = await _server.NewClientAsync();
        var hook = await client.Webhooks.CreateAsync(new NewWebhook("http://127.0.0.1:9/hook", [WebhookEvents.JobCompleted, WebhookEvents.DocumentCompleted]));
        Assert.StartsWith("whsec_", hook.Secret, StringComparison.Ordinal);
        Assert.Equal([WebhookEvents.DocumentCompleted, WebhookEvents.JobCompleted], hook.Events);
        var read = await client.Webhooks.GetAsync(hook.Id);
        Assert.Null(read.Secret);
        Assert.Equal(hook.SecretHint, read.SecretHint);
        Assert.Equal(hook.Id, Assert.Single(await ToListAsync(client.Webhooks.ListAllAsync())).Id);
        Assert.Single((await client.Webhooks.ListAsync()).Data);

        var (_, _, job) = await Invoices.FinishedJobAsync(client, 1);
        var deliveries = await WaitAsync(() => client.Webhooks.ListDeliveriesAsync(hook.Id, new DeliveryListRequest(Status: "pending")),
            p => p.Data.Count == 2);
        var delivery = deliveries.Data.First(d => d.Event == WebhookEvents.JobCompleted);
        Assert.Equal(job.Id.ToString(), delivery.Payload["data"]!["job"]!["id"]!.GetValue<string>());
        Assert.Equal(delivery.Id, (await client.Webhooks.GetDeliveryAsync(hook.Id, delivery.Id)).Id);
        Assert.Equal(2, (await ToListAsync(client.Webhooks.ListAllDeliveriesAsync(hook.Id))).Count);
        Assert.Equal("pending", (await client.Webhooks.RedeliverAsync(hook.Id, delivery.Id)).Status);

        var disabled = await client.Webhooks.UpdateAsync(hook.Id, new WebhookChanges(Enabled: false));
        Assert.False(disabled.Enabled);
        Assert.Equal("disabled_by_user", disabled.DisabledReason);
        await Assert.ThrowsAsync<QuarryConflictException>(() => client.Webhooks.RedeliverAsync(hook.Id, delivery.Id));
        await client.Webhooks.DeleteAsync(hook.Id);
        await Assert.ThrowsAsync<QuarryNotFoundException>(() => client.Webhooks.GetAsync(hook.Id));
    }

    [Fact]
    public async Task A_finished_job_reports_every_phase_and_its_documents_have_page_images()
    {
        using var client = await _server.NewClientAsync();
        var (_, documents, job) = await Invoices.FinishedJobAsync(client, 2);

        Assert.Equal(0.8, job.ReviewThreshold);
        var strict = await client.Jobs.CreateAsync(new NewJob(job.Schema.Id, [documents[0].Id], ReviewThreshold: 0.95));
        Assert.Equal(0.95, strict.ReviewThreshold);
        Assert.Equal(JobPhase.InOrder, job.Phases.Keys);
        Assert.All(job.Phases.Values, p => Assert.Equal(new PhaseCounts(2, 0, 0, 0), p));

        var pages = await client.Documents.GetPagesAsync(documents[0].Id);
        var page = Assert.Single(pages);
        Assert.Equal((1, "pt"), (page.Number, page.Unit));
        Assert.True(page.Width > 0 && page.Height > 0);
        await using (var image = await client.Documents.OpenPageImageAsync(documents[0].Id, 1))
        {
            var magic = new byte[8];
            await image.ReadExactlyAsync(magic);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, magic);
        }
        await Assert.ThrowsAsync<QuarryNotFoundException>(() => client.Documents.OpenPageImageAsync(documents[0].Id, 2));
    }

    internal static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
            list.Add(item);
        return list;
    }

    internal static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > until) return value;
            await Task.Delay(50);
        }
    }
}
