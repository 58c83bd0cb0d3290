using System.Text.Json.Nodes;

namespace Quarry.Dashboard.Tests;

/// <summary>The Documents and Schemas views beyond the main path: filters, delete, import, export, versions, errors.</summary>
public sealed class ManagementTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly List<string> _consoleErrors = [];
    private KestrelServer _server = null!;

    public async Task InitializeAsync() => _server = await KestrelServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<IPage> SignedInAsync() => await browser.SignedInPageAsync(_server.BaseUrl, await _server.NewKeyAsync(), _consoleErrors);

    [Fact]
    public async Task Documents_filter_by_name_and_status_and_delete_after_a_second_click()
    {
        var page = await SignedInAsync();
        await page.Locator("#dropzone input[type=file]:not([webkitdirectory])").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "keep-me.pdf", MimeType = "application/pdf", Buffer = TestPdf.Simple("Keep me") },
            new FilePayload { Name = "remove-me.pdf", MimeType = "application/pdf", Buffer = TestPdf.Simple("Remove me") },
            new FilePayload { Name = "broken.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.7 broken"u8.ToArray() },
        });
        await Expect(page.Locator("#documents tbody tr[data-status=completed]")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        await Expect(page.Locator("#documents tbody tr[data-status=error]")).ToContainTextAsync("corrupt_file");

        await page.SelectOptionAsync("#doc-status", "error");
        await Expect(page.Locator("#documents tbody tr")).ToHaveCountAsync(1);
        await page.SelectOptionAsync("#doc-status", "");
        await page.FillAsync("#doc-q", "remove");
        await Expect(page.Locator("#documents tbody tr")).ToHaveCountAsync(1);

        var delete = page.Locator("#documents tbody tr", new() { HasText = "remove-me.pdf" }).GetByRole(AriaRole.Button, new() { Name = "Delete" });
        await delete.ClickAsync();
        await Expect(page.Locator("#documents tbody tr")).ToHaveCountAsync(1); // the first click only arms it
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm delete" }).ClickAsync();
        await Expect(page.Locator("#documents tbody tr")).ToHaveCountAsync(0);
        await page.FillAsync("#doc-q", "");
        await Expect(page.Locator("#doc-count")).ToHaveTextAsync("2 documents");
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task Schemas_import_json_schema_show_api_errors_save_versions_and_export()
    {
        var page = await SignedInAsync();
        await page.ClickAsync("#nav a[data-view=schemas]");

        // Import a JSON Schema file: a new schema named by its title.
        var jsonSchema = """
            {"title": "Receipt", "type": "object", "required": ["total"],
             "properties": {"total": {"type": "number", "x-quarry-type": "currency_amount"},
                            "paid_on": {"type": "string", "format": "date", "description": "Day of payment"}}}
            """u8.ToArray();
        await page.Locator("#schema-import ~ input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "receipt.schema.json", MimeType = "application/json", Buffer = jsonSchema,
        });
        await Expect(page.Locator("#schema-list")).ToContainTextAsync("Receipt v1");
        await Expect(page.Locator("#schema-fields .f-name")).ToHaveCountAsync(2);
        await Expect(page.Locator("#schema-fields tbody tr").Nth(1).Locator(".f-type")).ToHaveValueAsync("date");

        // A field name the API refuses: its message is shown under the editor, and nothing is saved.
        await page.ClickAsync("#field-add");
        await page.Locator("#schema-fields tbody tr").Nth(2).Locator(".f-name").FillAsync("1 bad name");
        await page.ClickAsync("#schema-save");
        await Expect(page.Locator("#schema-errors")).ToBeVisibleAsync();
        await Expect(page.Locator("#schema-errors")).ToContainTextAsync("fields[2]");
        await Expect(page.Locator("#schema-list")).ToContainTextAsync("Receipt v1");

        // Fixed, it saves as version 2; version 1 stays readable from the version list.
        await page.Locator("#schema-fields tbody tr").Nth(2).Locator(".f-name").FillAsync("merchant");
        await page.Locator("#schema-fields tbody tr").Nth(2).Locator(".f-aliases").FillAsync("shop, store");
        await page.ClickAsync("#schema-save");
        await Expect(page.Locator("#schema-list")).ToContainTextAsync("Receipt v2");
        await Expect(page.Locator("#schema-versions li")).ToHaveCountAsync(2);
        await page.Locator("#schema-versions a", new() { HasText = "version 1" }).ClickAsync();
        await Expect(page.Locator("#schema-fields .f-name")).ToHaveCountAsync(2);
        await page.Locator("#schema-versions a", new() { HasText = "version 2" }).ClickAsync();
        await Expect(page.Locator("#schema-fields .f-name")).ToHaveCountAsync(3);

        // Export: the version's JSON Schema, with the aliases as x-aliases.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#schema-export"));
        Assert.Equal("Receipt.schema.json", download.SuggestedFilename);
        var exported = JsonNode.Parse(await File.ReadAllTextAsync((await download.PathAsync())!))!;
        Assert.Equal("Receipt", (string?)exported["title"]);
        Assert.Equal(["shop", "store"], exported["properties"]!["merchant"]!["x-aliases"]!.AsArray().Select(a => (string?)a));
        await page.ScreenshotAsync(new() { Path = Artifacts.PathOf("11-schema-versions.png"), FullPage = true });
        // The refused save's 400 is the only error the browser reports.
        Assert.All(_consoleErrors, e => Assert.Contains("status of 400", e, StringComparison.Ordinal));
    }
}
