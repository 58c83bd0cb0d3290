using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Data.Stores;

namespace Quarry.Server.Tests;

/// <summary>GET /v1/jobs/{id}/results?format=csv|xlsx|ndjson over real HTTP, read back and held against the JSON results.</summary>
public sealed class ExportTests : HostedTest
{
    private static readonly string[] Fields = ["invoice_number", "vendor", "total", "date"];

    private async Task<(string JobId, JsonNode Results, JsonNode WithCells)> InvoiceJobAsync(params (string Name, byte[] Bytes)[] files)
    {
        var schema = await Tenant.Client.CreateInvoiceSchemaAsync();
        var docs = await Tenant.Client.UploadAsync(files);
        var job = await Tenant.Client.CreateJobAsync(schema.Id(), docs.Select(d => d!.Id()));
        await Tenant.Client.WaitForJobAsync(job.Id());
        return (job.Id(), await Tenant.Client.GetJsonAsync($"/v1/jobs/{job.Id()}/results"),
            await Tenant.Client.GetJsonAsync($"/v1/jobs/{job.Id()}/results?include=cells"));
    }

    private async Task<byte[]> ExportAsync(string jobId, string query, string contentType, string extension)
    {
        var res = await Tenant.Client.GetAsync($"/v1/jobs/{jobId}/results?{query}");
        var bytes = await res.Content.ReadAsByteArrayAsync();
        Assert.True(res.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(bytes));
        Assert.Equal(contentType, res.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", res.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"job-{jobId}-results.{extension}", res.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        return bytes;
    }

    private Task<byte[]> CsvAsync(string jobId, string query = "") => ExportAsync(jobId, "format=csv" + query, "text/csv", "csv");

    private Task<byte[]> XlsxAsync(string jobId, string query = "") =>
        ExportAsync(jobId, "format=xlsx" + query, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");

    private async Task<List<JsonNode>> NdjsonAsync(string jobId, string query = "")
    {
        var text = Encoding.UTF8.GetString(await ExportAsync(jobId, "format=ndjson" + query, "application/x-ndjson", "ndjson"));
        Assert.True(text.Length == 0 || text.EndsWith('\n'));
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
    }

    private static readonly string[] Header =
    [
        "row_id", "document_id", "filename", "status", "confidence", "validation_flags",
        "invoice_number", "vendor", "total", "date",
        "confidence.invoice_number", "confidence.vendor", "confidence.total", "confidence.date",
    ];

    /// <summary>What each export column must hold for a row of the JSON results, as text.</summary>
    private static string?[] Expected(JsonNode row, JsonNode rowWithCells) =>
    [
        row["id"]!.GetValue<string>(), row["document_id"]!.GetValue<string>(), row["filename"]!.GetValue<string>(),
        row["status"]!.GetValue<string>(), Text(row["confidence"]),
        string.Join(' ', row["validation_flags"]!.AsArray().Select(f => f!.GetValue<string>())),
        .. Fields.Select(f => Text(row["values"]![f])),
        .. Fields.Select(f => Text(rowWithCells["cells"]![f]?["confidence"])),
    ];

    private static string? Text(JsonNode? node) => node is null ? null
        : node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>()
        : node.GetValueKind() == JsonValueKind.Number ? node.GetValue<decimal>().ToString(CultureInfo.InvariantCulture)
        : node.ToJsonString();

    private static string? Normalize(string? s) =>
        string.IsNullOrEmpty(s) ? null
        : decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && s.Any(char.IsDigit) && !s.Contains('-', StringComparison.Ordinal)
            ? d.ToString(CultureInfo.InvariantCulture) : s;

    private static string? XlsxText(object? value) => value switch
    {
        null => null,
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => (string)value,
    };

    [Fact]
    public async Task A_job_exported_as_csv_xlsx_and_ndjson_holds_exactly_the_json_results()
    {
        var (jobId, results, withCells) = await InvoiceJobAsync(("invoice_oct.pdf", TestInvoices.October()), ("invoice_nov.pdf", TestInvoices.November()));
        var data = results["data"]!.AsArray();
        var cellRows = withCells["data"]!.AsArray();
        Assert.Equal(2, data.Count);

        var csv = Exports.ParseCsv(await CsvAsync(jobId));
        Assert.Equal(Header, csv[0]);
        Assert.Equal(3, csv.Count);
        for (var i = 0; i < data.Count; i++)
            Assert.Equal(Expected(data[i]!, cellRows[i]!).Select(Normalize), csv[i + 1].Select(Normalize));

        var (sheet, raw) = Exports.ReadXlsx(await XlsxAsync(jobId));
        Assert.Equal(Header, sheet[0].Cast<string>());
        Assert.Equal(3, sheet.Count);
        for (var i = 0; i < data.Count; i++)
            Assert.Equal(Expected(data[i]!, cellRows[i]!).Select(Normalize), sheet[i + 1].Select(XlsxText).Select(Normalize));
        // Typed cells: the total is a number, the date a real date, the row confidence a number.
        var oct = sheet[1];
        Assert.Equal(4250.00m, oct[Array.IndexOf(Header, "total")]);
        Assert.Equal(new DateOnly(2024, 10, 1), oct[Array.IndexOf(Header, "date")]);
        Assert.IsType<decimal>(oct[Array.IndexOf(Header, "confidence")]);
        Assert.IsType<decimal>(oct[Array.IndexOf(Header, "confidence.total")]);
        Assert.Equal("INV-2024-001", oct[Array.IndexOf(Header, "invoice_number")]);
        Assert.Null(sheet[2][Array.IndexOf(Header, "total")]);
        Assert.Equal("missing_required_field:total", sheet[2][Array.IndexOf(Header, "validation_flags")]);
        Assert.All(raw, c => Assert.Null(c.CellFormula));

        var lines = await NdjsonAsync(jobId);
        Assert.Equal(data.Count, lines.Count);
        for (var i = 0; i < data.Count; i++)
            Assert.True(JsonNode.DeepEquals(data[i], lines[i]), $"{data[i]!.ToJsonString()}\n{lines[i].ToJsonString()}");
        var withCellLines = await NdjsonAsync(jobId, "&include=cells");
        for (var i = 0; i < data.Count; i++)
            Assert.True(JsonNode.DeepEquals(cellRows[i], withCellLines[i]), $"{cellRows[i]!.ToJsonString()}\n{withCellLines[i].ToJsonString()}");
    }

    [Fact]
    public async Task Csv_cells_that_a_spreadsheet_would_run_as_formulas_are_defused()
    {
        var (jobId, results, _) = await InvoiceJobAsync(
            // Invoice numbers are identifiers (a token with a digit), so the hostile text stands in the vendor's free-text column.
            ("=cmd.txt", Encoding.UTF8.GetBytes("Invoice Number: INV-1\nVendor: =HYPERLINK(\"http://x\",\"y\")\nTotal: 12.00\n")),
            ("+plus.txt", Encoding.UTF8.GetBytes("Invoice Number: INV-2\nVendor: -2+3\nTotal: 5.00\n")),
            ("@at.txt", Encoding.UTF8.GetBytes("Invoice Number: INV-3\nVendor: @SUM(A1)\nTotal: 6.00\n")),
            ("quoted.txt", Encoding.UTF8.GetBytes("Invoice Number: INV-4\nVendor: Acme, \"Quoted\" Ltd\nTotal: 7.00\n")));
        var row0 = results["data"]![0]!;
        Assert.Equal("=HYPERLINK(\"http://x\",\"y\")", row0["values"]!["vendor"]!.GetValue<string>());

        var bytes = await CsvAsync(jobId);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", text, StringComparison.Ordinal);
        var csv = Exports.ParseCsv(bytes);
        int Col(string name) => Array.IndexOf(Header, name);
        Assert.Equal("'=cmd.txt", csv[1][Col("filename")]);
        Assert.Equal("'=HYPERLINK(\"http://x\",\"y\")", csv[1][Col("vendor")]);
        Assert.Equal("'+plus.txt", csv[2][Col("filename")]);
        Assert.Equal("'-2+3", csv[2][Col("vendor")]);
        Assert.Equal("'@at.txt", csv[3][Col("filename")]);
        Assert.Equal("'@SUM(A1)", csv[3][Col("vendor")]);
        Assert.Equal("Acme, \"Quoted\" Ltd", csv[4][Col("vendor")]);

        // A workbook holds text as text, never as a formula, so it shows the value unchanged.
        var (sheet, raw) = Exports.ReadXlsx(await XlsxAsync(jobId));
        Assert.Equal("=cmd.txt", sheet[1][Col("filename")]);
        Assert.Equal("=HYPERLINK(\"http://x\",\"y\")", sheet[1][Col("vendor")]);
        Assert.All(raw, c => Assert.Null(c.CellFormula));
    }

    [Fact]
    public async Task Exports_take_the_status_filter_of_the_json_results()
    {
        var (jobId, _, _) = await InvoiceJobAsync(("invoice_oct.pdf", TestInvoices.October()), ("invoice_nov.pdf", TestInvoices.November()));
        var review = await Tenant.Client.GetJsonAsync($"/v1/jobs/{jobId}/results?status=review");
        var reviewId = review["data"]!.AsArray().Single()!.Id();

        var csv = Exports.ParseCsv(await CsvAsync(jobId, "&status=review"));
        Assert.Equal([reviewId], csv.Skip(1).Select(r => r[0]));
        var (sheet, _) = Exports.ReadXlsx(await XlsxAsync(jobId, "&status=approved"));
        Assert.Equal("invoice_oct.pdf", Assert.Single(sheet.Skip(1))[2]);
        Assert.Equal([reviewId], (await NdjsonAsync(jobId, "&status=review")).Select(r => r.Id()));
    }

    [Fact]
    public async Task An_export_with_no_rows_is_a_header_alone()
    {
        var (jobId, _, _) = await InvoiceJobAsync(("invoice_oct.pdf", TestInvoices.October()));
        Assert.Equal([Header.ToList()], Exports.ParseCsv(await CsvAsync(jobId, "&status=rejected")));
        var (sheet, _) = Exports.ReadXlsx(await XlsxAsync(jobId, "&status=rejected"));
        Assert.Equal(Header, Assert.Single(sheet).Cast<string>());
        Assert.Empty(await NdjsonAsync(jobId, "&status=rejected"));

        // A job without documents (only the store can make one) exports the same way.
        var schema = await Tenant.Client.CreateInvoiceSchemaAsync();
        var empty = await Host.Services.GetRequiredService<JobStore>().CreateAsync(Tenant.OrganizationId, Guid.Parse(schema.Id()), 1, 4, null, [], 0.8, default);
        Assert.Equal([Header.ToList()], Exports.ParseCsv(await CsvAsync(empty.Id.ToString())));
        Assert.Single(Exports.ReadXlsx(await XlsxAsync(empty.Id.ToString())).Rows);
        Assert.Empty(await NdjsonAsync(empty.Id.ToString()));
    }

    [Theory]
    [InlineData("format=pdf", "format")]
    [InlineData("format=CSV", "format")]
    [InlineData("format=csv&limit=10", "limit")]
    [InlineData("format=xlsx&cursor=abc", "cursor")]
    [InlineData("format=csv&include=cells", "include")]
    [InlineData("format=ndjson&status=done", "status")]
    public async Task A_bad_export_request_is_a_validation_problem(string query, string field)
    {
        var schema = await Tenant.Client.CreateInvoiceSchemaAsync();
        var job = await Host.Services.GetRequiredService<JobStore>().CreateAsync(Tenant.OrganizationId, Guid.Parse(schema.Id()), 1, 4, null, [], 0.8, default);
        var problem = await (await Tenant.Client.GetAsync($"/v1/jobs/{job.Id}/results?{query}")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Another_organizations_job_is_not_found_in_any_format()
    {
        var schema = await Tenant.Client.CreateInvoiceSchemaAsync();
        var job = await Host.Services.GetRequiredService<JobStore>().CreateAsync(Tenant.OrganizationId, Guid.Parse(schema.Id()), 1, 4, null, [], 0.8, default);
        var other = await Host.NewTenantAsync();
        foreach (var format in new[] { "csv", "xlsx", "ndjson" })
        {
            await (await other.Client.GetAsync($"/v1/jobs/{job.Id}/results?format={format}")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
            await (await other.Client.GetAsync($"/v1/jobs/{Guid.NewGuid()}/results?format={format}")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        }
    }
}
