using System.Net;
using System.Text.Json.Nodes;
using Quarry.Testing;

namespace Quarry.Server.Tests;

public sealed class DocumentTests : HostedTest
{
    private Task<JsonNode> WaitParsedAsync(string id) =>
        Tenant.Client.WaitForAsync($"/v1/documents/{id}", d => d["status"]!.GetValue<string>() is "completed" or "error");

    [Fact]
    public async Task A_pdf_is_sniffed_parsed_and_served_back_byte_for_byte()
    {
        var pdf = TestPdf.Pages([
            [new TestPdf.TextLine("Page one says hello", 50, 60)],
            [new TestPdf.TextLine("Page two says goodbye", 50, 60)],
        ]);
        var doc = (await Tenant.Client.UploadAsync(("scan-named.txt", pdf)))[0]!;
        Assert.Equal("application/pdf", doc["mime_type"]!.GetValue<string>());
        Assert.Equal(pdf.Length, doc["size_bytes"]!.GetValue<long>());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), doc["sha256"]!.GetValue<string>());

        var parsed = await WaitParsedAsync(doc.Id());
        Assert.Equal("completed", parsed["status"]!.GetValue<string>());
        Assert.Equal(2, parsed["pages"]!.GetValue<int>());
        Assert.Null(parsed["error"]);

        var content = await Tenant.Client.GetJsonAsync($"/v1/documents/{doc.Id()}/content");
        Assert.Contains("Page one says hello", content["markdown"]!.GetValue<string>(), StringComparison.Ordinal);
        var firstWord = content["pages"]![0]!["lines"]![0]!["words"]![0]!;
        Assert.Equal("Page", firstWord["text"]!.GetValue<string>());
        Assert.Equal(4, firstWord["bbox"]!.AsArray().Count);
        Assert.Equal(2, content["pages"]![1]!["number"]!.GetValue<int>());

        var file = await Tenant.Client.GetAsync($"/v1/documents/{doc.Id()}/file");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal(pdf, await file.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("%PDF-1.7\n this is not really a pdf at all", "corrupt_file")]
    [InlineData("\u0089PNG\r\n\u001a\n", "corrupt_file")]
    [InlineData("\u0000\u0007 no reader knows these bytes", "unsupported_format")]
    public async Task An_unreadable_file_ends_in_error_with_a_code_and_does_not_disturb_its_neighbours(string bytes, string code)
    {
        var bad = System.Text.Encoding.Latin1.GetBytes(bytes);
        var docs = await Tenant.Client.UploadAsync(("bad.pdf", bad), ("good.pdf", TestInvoices.October()));
        var badDoc = await WaitParsedAsync(docs[0]!.Id());
        Assert.Equal("error", badDoc["status"]!.GetValue<string>());
        Assert.Equal(code, badDoc["error"]!["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(badDoc["error"]!["message"]!.GetValue<string>()));
        Assert.Equal("completed", (await WaitParsedAsync(docs[1]!.Id()))["status"]!.GetValue<string>());
        var content = await Tenant.Client.GetAsync($"/v1/documents/{docs[0]!.Id()}/content");
        await content.ExpectProblemAsync(HttpStatusCode.Conflict, "conflict");

        var schema = await Tenant.Client.CreateInvoiceSchemaAsync();
        var job = await Tenant.Client.CreateJobAsync(schema.Id(), docs.Select(d => d!.Id()));
        var done = await Tenant.Client.WaitForJobAsync(job.Id());
        Assert.Equal("complete", done["status"]!.GetValue<string>());
        Assert.Equal(1, done["failed_documents"]!.GetValue<int>());
        Assert.Equal(1, done["completed_documents"]!.GetValue<int>());
        var results = await Tenant.Client.GetJsonAsync($"/v1/jobs/{job.Id()}/results");
        var failed = results["data"]![0]!;
        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.Equal([$"document_error:{code}"], failed["validation_flags"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Null(failed["confidence"]);
        Assert.All(failed["values"]!.AsObject(), kv => Assert.Null(kv.Value));
        Assert.Equal("approved", results["data"]![1]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_job_whose_every_document_fails_is_failed()
    {
        var docs = await Tenant.Client.UploadAsync(("junk.bin", [0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00]));
        var schema = await Tenant.Client.CreateInvoiceSchemaAsync();
        var job = await Tenant.Client.CreateJobAsync(schema.Id(), [docs[0]!.Id()]);
        var done = await Tenant.Client.WaitForJobAsync(job.Id());
        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("all_documents_failed", done["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Text_and_markdown_are_read_and_metadata_is_kept()
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent("# Note\nInvoice Number: T-1\n"u8.ToArray()), "file", "note.md" },
            { new StringContent("""{"source": "mailroom", "batch": 7}"""), "metadata" },
        };
        var doc = (await (await Tenant.Client.PostAsync("/v1/documents", form)).ExpectAsync(HttpStatusCode.Created))["data"]![0]!;
        Assert.Equal("text/markdown", doc["mime_type"]!.GetValue<string>());
        Assert.Equal("mailroom", doc["metadata"]!["source"]!.GetValue<string>());
        Assert.Equal("completed", (await WaitParsedAsync(doc.Id()))["status"]!.GetValue<string>());
        var content = await Tenant.Client.GetJsonAsync($"/v1/documents/{doc.Id()}/content");
        Assert.Equal("# Note\nInvoice Number: T-1\n", content["markdown"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_email_becomes_a_document_and_its_attachment_a_child_that_a_job_can_read()
    {
        var message = new MimeKit.MimeMessage { Subject = "Invoice October" };
        message.From.Add(new MimeKit.MailboxAddress("Acme Billing", "billing@acme.test"));
        message.To.Add(new MimeKit.MailboxAddress("Payables", "ap@customer.test"));
        var body = new MimeKit.BodyBuilder { TextBody = "Please find our invoice attached." };
        body.Attachments.Add("invoice_oct.pdf", TestInvoices.October(), new MimeKit.ContentType("application", "pdf"));
        message.Body = body.ToMessageBody();
        using var eml = new MemoryStream();
        await message.WriteToAsync(eml);

        var mail = (await Tenant.Client.UploadAsync(("mail.eml", eml.ToArray())))[0]!;
        Assert.Equal("message/rfc822", mail["mime_type"]!.GetValue<string>());
        Assert.Equal("completed", (await WaitParsedAsync(mail.Id()))["status"]!.GetValue<string>());
        var content = await Tenant.Client.GetJsonAsync($"/v1/documents/{mail.Id()}/content");
        Assert.Contains("Subject: Invoice October", content["markdown"]!.GetValue<string>(), StringComparison.Ordinal);

        var children = await Tenant.Client.GetJsonAsync($"/v1/documents?parent_id={mail.Id()}");
        var child = children["data"]!.AsArray().Single()!;
        Assert.Equal("invoice_oct.pdf", child["filename"]!.GetValue<string>());
        Assert.Equal($"/v1/documents/{mail.Id()}", child["links"]!["parent"]!.GetValue<string>());
        Assert.Equal("completed", (await WaitParsedAsync(child.Id()))["status"]!.GetValue<string>());

        var schema = await Tenant.Client.CreateInvoiceSchemaAsync();
        var job = await Tenant.Client.CreateJobAsync(schema.Id(), [child.Id()]);
        await Tenant.Client.WaitForJobAsync(job.Id());
        var results = await Tenant.Client.GetJsonAsync($"/v1/jobs/{job.Id()}/results");
        Assert.Equal(4250.00m, results["data"]![0]!["values"]!["total"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Lists_filter_search_and_page_with_cursors()
    {
        var tenant = await Host.NewTenantAsync();
        for (var i = 0; i < 5; i++)
            await tenant.Client.UploadAsync(($"file-{i}.txt", System.Text.Encoding.UTF8.GetBytes($"document {i}")));
        var first = await tenant.Client.GetJsonAsync("/v1/documents?limit=2");
        Assert.Equal(2, first["data"]!.AsArray().Count);
        Assert.Equal(5, first["pagination"]!["total"]!.GetValue<int>());
        Assert.True(first["pagination"]!["has_more"]!.GetValue<bool>());
        var seen = first["data"]!.AsArray().Select(d => d!.Id()).ToList();
        var cursor = first["pagination"]!["next_cursor"]!.GetValue<string>();
        while (true)
        {
            var page = await tenant.Client.GetJsonAsync($"/v1/documents?limit=2&cursor={Uri.EscapeDataString(cursor)}");
            seen.AddRange(page["data"]!.AsArray().Select(d => d!.Id()));
            if (!page["pagination"]!["has_more"]!.GetValue<bool>()) break;
            cursor = page["pagination"]!["next_cursor"]!.GetValue<string>();
        }
        Assert.Equal(5, seen.Distinct().Count());

        var search = await tenant.Client.GetJsonAsync("/v1/documents?q=FILE-3");
        Assert.Equal(["file-3.txt"], search["data"]!.AsArray().Select(d => d!["filename"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Delete_removes_the_document_and_its_unshared_bytes()
    {
        var tenant = await Host.NewTenantAsync();
        var bytes = System.Text.Encoding.UTF8.GetBytes("to be deleted " + Guid.NewGuid());
        var doc = (await tenant.Client.UploadAsync(("d.txt", bytes)))[0]!;
        await WaitParsedAsync2(tenant, doc.Id());
        var del = await tenant.Client.DeleteAsync($"/v1/documents/{doc.Id()}");
        Assert.Equal(HttpStatusCode.NoContent, del.StatusCode);
        await (await tenant.Client.GetAsync($"/v1/documents/{doc.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await tenant.Client.DeleteAsync($"/v1/documents/{doc.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        var sha = doc["sha256"]!.GetValue<string>();
        Assert.False(File.Exists(Path.Combine(Db.DataDir, "blobs", sha[..2], sha[2..4], sha)));
    }

    [Fact]
    public async Task A_document_in_a_running_job_cannot_be_deleted()
    {
        // Its own database: the class's host would otherwise take the row past the gate.
        await using var db = await TestDatabase.CreateAsync();
        var gate = new GateHooks(Core.Extraction.PhaseNames.Resolve);
        await using var host = new QuarryHost(db, hooks: gate);
        var tenant = await host.NewTenantAsync();
        var doc = (await tenant.Client.UploadAsync(("a.pdf", TestInvoices.October())))[0]!;
        var schema = await tenant.Client.CreateInvoiceSchemaAsync();
        var job = await tenant.Client.CreateJobAsync(schema.Id(), [doc.Id()]);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        await (await tenant.Client.DeleteAsync($"/v1/documents/{doc.Id()}")).ExpectProblemAsync(HttpStatusCode.Conflict, "conflict");
        gate.Open();
        await tenant.Client.WaitForJobAsync(job.Id());
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Client.DeleteAsync($"/v1/documents/{doc.Id()}")).StatusCode);
        // The finished job's rows stay readable.
        var results = await tenant.Client.GetJsonAsync($"/v1/jobs/{job.Id()}/results");
        Assert.Equal("INV-2024-001", results["data"]![0]!["values"]!["invoice_number"]!.GetValue<string>());
    }

    private static Task<JsonNode> WaitParsedAsync2(Tenant t, string id) =>
        t.Client.WaitForAsync($"/v1/documents/{id}", d => d["status"]!.GetValue<string>() is "completed" or "error");
}
