using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Quarry.Dashboard.Tests;

/// <summary>
/// A person's way through the dashboard, in Chromium against the real server on a socket: sign in, upload, define a
/// schema, run a job, review a row beside its page, and find the change in the API's history.
/// </summary>
public sealed partial class DashboardFlowTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveCountOptions Slow = new() { Timeout = 60_000 };
    private readonly List<string> _consoleErrors = [];
    private KestrelServer _server = null!;

    public async Task InitializeAsync() => _server = await KestrelServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_wrong_api_key_gets_a_clear_message_and_no_dashboard()
    {
        var page = await browser.NewPageAsync(_consoleErrors);
        await page.GotoAsync(_server.BaseUrl.AbsoluteUri);
        await page.FillAsync("#api-key", "qk_this_key_does_not_exist");
        await page.ClickAsync("#sign-in-form button[type=submit]");

        await Expect(page.Locator("#sign-in-error")).ToContainTextAsync("That API key was not accepted");
        await Expect(page.Locator("#view")).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('quarry.apiKey')"));
        await page.ScreenshotAsync(new() { Path = Artifacts.PathOf("01-sign-in-wrong-key.png") });
        // The failed sign-in's 401 is the only error the browser reports (no script or CSP error).
        Assert.All(_consoleErrors, e => Assert.Contains("status of 401", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_schema_job_review_and_the_change_is_in_the_history()
    {
        var key = await _server.NewKeyAsync();
        var page = await browser.SignedInPageAsync(_server.BaseUrl, key, _consoleErrors);

        // Upload: one PDF dropped on the drop zone, another PDF and a ZIP (holding a third invoice) through the file chooser.
        await DropFileAsync(page, "invoice_oct.pdf", "application/pdf", Invoice("INV-2024-001", "2024-10-01", "4,250.00"));
        await page.Locator("#dropzone input[type=file]:not([webkitdirectory])").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "invoice_nov.pdf", MimeType = "application/pdf", Buffer = Invoice("INV-2024-002", "2024-11-15", "1,180.40") },
            // The December invoice has no total: its row is flagged and waits for review.
            new FilePayload { Name = "more.zip", MimeType = "application/zip", Buffer = Zip(("archive/invoice_dec.pdf", Invoice("INV-2024-003", "2024-12-02", null))) },
        });
        await Expect(page.Locator("#uploads li.ok")).ToHaveCountAsync(2);
        // Live status: the list turns every document (the ZIP and its member too) to completed without a reload.
        await Expect(page.Locator("#documents tbody tr[data-status=completed]")).ToHaveCountAsync(4, Slow);
        await Expect(page.Locator("#documents tbody")).ToContainTextAsync("archive/invoice_dec.pdf");
        await page.ScreenshotAsync(new() { Path = Artifacts.PathOf("02-documents.png"), FullPage = true });

        // A schema, made in the field editor.
        await page.ClickAsync("#nav a[data-view=schemas]");
        await page.ClickAsync("#schema-new");
        await page.FillAsync("#schema-name", "Invoice");
        await FieldAsync(page, 0, "invoice_number", "string", required: true, aliases: "invoice no, invoice number");
        await page.ClickAsync("#field-add");
        await FieldAsync(page, 1, "total", "currency_amount", required: true);
        await page.ClickAsync("#field-add");
        await FieldAsync(page, 2, "date", "date");
        await page.ClickAsync("#schema-save");
        await Expect(page.Locator("#schema-list")).ToContainTextAsync("Invoice v1");
        await Expect(page.Locator("#schema-versions")).ToContainTextAsync("version 1");
        await page.ScreenshotAsync(new() { Path = Artifacts.PathOf("03-schema-editor.png"), FullPage = true });

        // A job over the three invoices (the ZIP itself is not a document a job reads).
        await page.ClickAsync("#nav a[data-view=jobs]");
        await Expect(page.Locator("#job-documents input")).ToHaveCountAsync(3);
        await page.ClickAsync("#job-all");
        await page.ClickAsync("#job-create");
        await Expect(page.Locator("#job-status")).ToHaveTextAsync("complete", new() { Timeout = 60_000 });
        await Expect(page.Locator("#job-phases tr[data-phase=phase_4_transform] td").Nth(1)).ToHaveTextAsync("3");
        await Expect(page.Locator("#grid-stats")).ToContainTextAsync("Cells");
        var jobId = JobIdIn().Match(page.Url).Groups[1].Value;
        await page.ScreenshotAsync(new() { Path = Artifacts.PathOf("04-job.png"), FullPage = true });

        // The grid: a row per document, a column per field.
        await page.ClickAsync("#job-results");
        await Expect(page.Locator("#grid .g-row")).ToHaveCountAsync(3);
        await Expect(page.Locator("#grid-head")).ToContainTextAsync("invoice_number");
        var december = page.Locator("#grid .g-row", new() { HasText = "invoice_dec.pdf" });
        await Expect(december).ToHaveAttributeAsync("data-status", "review");
        await Expect(december.Locator(".g-cell[data-field=total]")).ToHaveAttributeAsync("data-flags", "missing_required_field");
        await page.SelectOptionAsync("#grid-flag", "missing_required_field");
        await Expect(page.Locator("#grid .g-row")).ToHaveCountAsync(1);
        await page.SelectOptionAsync("#grid-flag", "");
        await page.ScreenshotAsync(new() { Path = Artifacts.PathOf("05-grid.png"), FullPage = true });

        // Review the October invoice from its total cell: the page image with the cell's source box on it.
        await page.Locator("#grid .g-row", new() { HasText = "invoice_oct.pdf" }).Locator(".g-cell[data-field=total]").ClickAsync();
        await Expect(page.Locator("#source-box")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#source-box")).ToHaveAttributeAsync("data-field", "total");
        var rowId = RowIdIn().Match(page.Url).Groups[1].Value;
        Assert.True(await page.EvaluateAsync<bool>("() => { const i = document.getElementById('page-image'); return i.complete && i.naturalWidth > 0; }"));
        var image = (await page.Locator("#page-image").BoundingBoxAsync())!;
        var box = (await page.Locator("#source-box").BoundingBoxAsync())!;
        Assert.True(box.Width > 5 && box.Height > 3, $"The source box is {box.Width}x{box.Height}");
        Assert.InRange(box.X, image.X, image.X + image.Width);
        Assert.InRange(box.Y, image.Y, image.Y + image.Height / 2); // the total is in the upper half of the invoice
        await Expect(page.Locator("#v-total")).ToHaveValueAsync("4250");
        await page.ScreenshotAsync(new() { Path = Artifacts.PathOf("06-review.png"), FullPage = true });

        // Keyboard: n selects the next doubtful cell (or says there is none), without leaving the page.
        await page.Locator("body").PressAsync("n");
        Assert.Contains(rowId, page.Url, StringComparison.Ordinal);

        // Correct the total and approve: one PATCH; the review then moves on to the next row.
        await page.FillAsync("#v-total", "4260.00");
        await page.ClickAsync("#review-approve");
        await Expect(page).ToHaveURLAsync(new Regex($"/review/(?!{rowId})[0-9a-f-]{{36}}$"));
        // k: back to the previous row, now approved with the corrected value.
        await page.Locator("body").PressAsync("k");
        await Expect(page).ToHaveURLAsync(new Regex($"/review/{rowId}$"));
        await Expect(page.Locator("#review-status")).ToHaveTextAsync("approved");
        await Expect(page.Locator("#v-total")).ToHaveValueAsync("4260");
        await Expect(page.Locator("#review-history li[data-action=corrected]")).ToContainTextAsync("total");
        await page.ScreenshotAsync(new() { Path = Artifacts.PathOf("07-review-approved.png"), FullPage = true });

        // The change is in the API's history, made with this key, phase human.
        using var http = new HttpClient { BaseAddress = _server.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var history = JsonNode.Parse(await http.GetStringAsync($"/v1/jobs/{jobId}/results/{rowId}/history"))!["data"]!.AsArray();
        var corrected = history.Single(l => (string?)l!["action"] == "corrected")!;
        Assert.Equal("total", (string?)corrected["field"]);
        Assert.Equal("human", (string?)corrected["phase"]);
        Assert.Equal(4250m, corrected["prior_value"]!.GetValue<decimal>());
        Assert.Equal(4260m, corrected["new_value"]!.GetValue<decimal>());
        Assert.Contains(history, l => (string?)l!["action"] == "approved");

        // Export from the grid: the file the API streams, with the corrected value.
        await page.ClickAsync("a[href$='/grid']");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-csv"));
        Assert.Equal($"job-{jobId}-results.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("4260", csv, StringComparison.Ordinal);

        Assert.Empty(_consoleErrors);
    }

    /// <summary>Fills row <paramref name="index"/> of the field editor.</summary>
    private static async Task FieldAsync(IPage page, int index, string name, string type, bool required = false, string? aliases = null)
    {
        var row = page.Locator("#schema-fields tbody tr").Nth(index);
        await row.Locator(".f-type").SelectOptionAsync(type); // redraws the rows: the other inputs are filled after it
        row = page.Locator("#schema-fields tbody tr").Nth(index);
        await row.Locator(".f-name").FillAsync(name);
        if (required) await row.Locator(".f-required").CheckAsync();
        if (aliases is not null) await row.Locator(".f-aliases").FillAsync(aliases);
    }

    /// <summary>Drops a file on the drop zone the way a browser does: a drop event carrying a DataTransfer with the file.</summary>
    private static Task DropFileAsync(IPage page, string name, string type, byte[] bytes) =>
        page.EvaluateAsync("""
            ([name, type, b64]) => {
              const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
              const transfer = new DataTransfer();
              transfer.items.add(new File([bytes], name, { type }));
              document.getElementById('dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
            }
            """, new object[] { name, type, Convert.ToBase64String(bytes) });

    private static byte[] Invoice(string number, string date, string? total) => TestPdf.Invoice("Acme Corp",
        [("Invoice Number:", number), ("Vendor:", "Acme Corp"), ("Date:", date), .. total is null ? [] : new[] { ("Total:", total) }]);

    private static byte[] Zip(params (string Name, byte[] Bytes)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(bytes);
            }
        }
        return buffer.ToArray();
    }

    [GeneratedRegex("#/jobs/([0-9a-f-]{36})")]
    private static partial Regex JobIdIn();

    [GeneratedRegex("/review/([0-9a-f-]{36})")]
    private static partial Regex RowIdIn();
}
