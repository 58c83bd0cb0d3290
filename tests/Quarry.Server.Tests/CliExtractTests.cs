using System.Text;
using System.Text.Json.Nodes;
using Quarry.Testing;

namespace Quarry.Server.Tests;

/// <summary><c>quarry extract</c> and <c>quarry eval</c> as a user runs them: real files in a folder, the real process.</summary>
public sealed class CliExtractTests : DatabaseTest
{
    private const string Schema = """
        {"name": "Invoice", "fields": [
            {"name": "invoice_number", "type": "string", "required": true},
            {"name": "total", "type": "currency_amount", "required": true},
            {"name": "date", "type": "date"}
        ]}
        """;

    private string Folder(params (string Name, byte[] Bytes)[] files)
    {
        var dir = Path.Combine(Db.DataDir, "in-" + Guid.NewGuid().ToString("N")[..6]);
        foreach (var (name, bytes) in files)
        {
            var path = Path.Combine(dir, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
        File.WriteAllText(Path.Combine(Db.DataDir, "schema.json"), Schema);
        return dir;
    }

    [Fact]
    public async Task Extract_writes_one_json_row_per_document_with_cells_and_nothing_else()
    {
        var dir = Folder(("a/oct.pdf", TestInvoices.October()), ("b/nov.pdf", TestInvoices.November()), ("c/broken.pdf", "%PDF-1.4 junk"u8.ToArray()),
            ("d/bundle.zip", HostileFiles.Zip(("inner.pdf", TestInvoices.Numbered(9)))));
        var run = await CliProcess.RunAsync(Db, "extract", "--schema", Path.Combine(Db.DataDir, "schema.json"), dir);
        Assert.True(run.ExitCode == 0, run.Stderr);

        var rows = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["a/oct.pdf", "b/nov.pdf", "c/broken.pdf", "d/bundle.zip/inner.pdf"], rows.Select(r => r["filename"]!.GetValue<string>()));
        var oct = rows[0];
        Assert.Equal("approved", oct["status"]!.GetValue<string>());
        Assert.Equal(4250.00m, oct["values"]!["total"]!.GetValue<decimal>());
        Assert.Equal("2024-10-01", oct["values"]!["date"]!.GetValue<string>());
        Assert.Equal(1, oct["cells"]!["total"]!["source"]!["page"]!.GetValue<int>());
        Assert.Equal("phase_1_resolve", oct["cells"]!["total"]!["phase"]!.GetValue<string>());
        Assert.Equal(["missing_required_field:total"], rows[1]["validation_flags"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal("failed", rows[2]["status"]!.GetValue<string>());
        Assert.Equal(["document_error:corrupt_file"], rows[2]["validation_flags"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal("INV-0009", rows[3]["values"]!["invoice_number"]!.GetValue<string>());
    }

    [Fact]
    public async Task Csv_output_is_safe_to_open_in_a_spreadsheet()
    {
        var dir = Folder(("=cmd.txt", Encoding.UTF8.GetBytes("Note: =HYPERLINK(\"x\")\nTotal: 12.00\n")));
        var schema = Path.Combine(Db.DataDir, "note-schema.json");
        File.WriteAllText(schema, """{"name": "Note", "fields": [{"name": "note", "type": "string"}, {"name": "total", "type": "currency_amount"}]}""");
        var run = await CliProcess.RunAsync(Db, "extract", "--schema", schema, "--format", "csv", dir);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("filename,status,confidence,note,total,validation_flags", lines[0]);
        Assert.StartsWith("'=cmd.txt,", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\")\"", lines[1], StringComparison.Ordinal);
    }

    /// <summary>A labelled folder in the shared datasets' layout: October right as printed, November with no total and a date the truth disagrees with.</summary>
    private string TwoInvoiceDataset()
    {
        var dir = Folder(("docs/oct.pdf", TestInvoices.October()), ("docs/nov.pdf", TestInvoices.November()));
        File.Copy(Path.Combine(Db.DataDir, "schema.json"), Path.Combine(dir, "schema.json"));
        File.WriteAllText(Path.Combine(dir, "truth.jsonl"), """
            {"file": "docs/oct.pdf", "values": {"invoice_number": "INV-2024-001", "total": 4250.0, "date": "2024-10-01"}}
            {"file": "docs/nov.pdf", "values": {"invoice_number": "INV-2024-002", "total": 99.0, "date": "2024-11-16"}}
            """);
        return dir;
    }

    [Fact]
    public async Task Eval_scores_a_dataset_like_the_reference_scorer()
    {
        var dir = TwoInvoiceDataset();
        var run = await CliProcess.RunAsync(Db, "eval", "--dataset", dir, "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var report = JsonNode.Parse(run.Stdout)!;
        // oct: 3 right. nov: number right, total missing (a false negative), date wrong (a false positive and a false negative).
        Assert.Equal(1.0, report["fields"]!["invoice_number"]!["f1"]!.GetValue<double>());
        Assert.Equal(0.5, report["fields"]!["total"]!["recall"]!.GetValue<double>());
        Assert.Equal(1.0, report["fields"]!["total"]!["precision"]!.GetValue<double>());
        Assert.Equal(0.5, report["fields"]!["date"]!["precision"]!.GetValue<double>());
        Assert.Equal(0.8, report["micro"]!["precision"]!.GetValue<double>());
        Assert.Equal(0.6667, report["micro"]!["recall"]!.GetValue<double>());
        Assert.Equal(1, report["approved_rows"]!.GetValue<int>());
        Assert.Equal(1.0, report["approved_row_accuracy"]!.GetValue<double>());
        Assert.Equal(5, report["scored_cells_with_confidence"]!.GetValue<int>());
    }

    [Fact]
    public async Task Calibrate_fits_a_table_that_the_server_and_the_cli_can_load()
    {
        var dir = TwoInvoiceDataset();
        var table = Path.Combine(dir, "calibration.json");
        var run = await CliProcess.RunAsync(Db, "calibrate", "--dataset", dir, "--output", table, "--folds", "2");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("| dataset | found cells |", run.Stdout, StringComparison.Ordinal);
        var fitted = Quarry.Core.Extraction.Calibration.ConfidenceCalibration.Parse(File.ReadAllText(table)).Table!;
        Assert.Equal([Path.GetFileName(dir)], fitted.FittedOn);
        // Five found values: too few for any curve but the overall one.
        Assert.Equal(["*"], fitted.Curves.Keys);
        Assert.Equal(5, fitted.Curves["*"].Samples);
    }

    [Fact]
    public async Task A_missing_schema_or_path_is_a_usage_error()
    {
        Assert.Equal(2, (await CliProcess.RunAsync(Db, "extract", "--schema", "/nope.json", "/tmp")).ExitCode);
        File.WriteAllText(Path.Combine(Db.DataDir, "schema.json"), Schema);
        var missing = await CliProcess.RunAsync(Db, "extract", "--schema", Path.Combine(Db.DataDir, "schema.json"), "/no/such/folder");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("/no/such/folder", missing.Stderr, StringComparison.Ordinal);
    }
}
