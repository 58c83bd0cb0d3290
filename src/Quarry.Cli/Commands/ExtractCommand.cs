using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quarry.Core.Exports;

namespace Quarry.Cli.Commands;

/// <summary><c>quarry extract --schema S.json PATH...</c>: ingestion and the four phases in this process, no server.</summary>
public static class ExtractCommand
{
    public static Command Build()
    {
        var schema = new Option<string>("--schema") { Description = "The schema file (any of the three forms the API accepts)", Required = true };
        var format = new Option<string>("--format") { Description = "jsonl (default), csv or table", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "csv", "table");
        var threshold = new Option<double>("--review-threshold") { Description = "Rows below it, or with flags, are 'review'", DefaultValueFactory = _ => 0.8 };
        var paths = new Argument<string[]>("paths") { Description = "Files or folders (walked)", Arity = ArgumentArity.OneOrMore };
        var command = new Command("extract", """
            Extract a grid from documents without a server: one row per document, on stdout.
            Examples:
              quarry extract --schema invoice.json invoices/ > rows.jsonl
              quarry extract --schema receipt.json --format table scan.png
              quarry extract --schema receipt.json --data-dir ./reg receipts/   (fills from what quarry learn taught ./reg)
            """) { schema, format, threshold, paths };
        command.SetAction(async (parse, ct) =>
        {
            var (options, _) = CliContext.Load(parse);
            var definition = await ExtractRunner.LoadSchemaAsync(parse.GetValue(schema)!, ct);
            var files = ExtractRunner.Expand(parse.GetValue(paths)!);
            var output = new RowWriter(parse.GetValue(format)!, definition.Fields.Select(f => f.Name).ToList(), Console.Out);
            var registry = await LocalRegistry.LoadAsync(parse, definition.Name, ct);
            using var agent = new LocalAgent(options);
            await ExtractRunner.RunAsync(definition, options, parse.GetValue(threshold), files, output.WriteAsync, ct, registry: registry, agent: agent.Agent);
            await output.FinishAsync();
            return 0;
        });
        return command;
    }

    /// <summary>Rows as JSON lines, CSV (safe to open in a spreadsheet) or an aligned table.</summary>
    private sealed class RowWriter(string format, IReadOnlyList<string> fields, TextWriter writer)
    {
        private readonly List<string[]> _table = [];

        public async Task WriteAsync(ExtractedRow row)
        {
            switch (format)
            {
                case "jsonl":
                    await writer.WriteLineAsync(row.ToJson().ToJsonString());
                    break;
                case "csv":
                    if (_table.Count == 0)
                    {
                        await writer.WriteLineAsync(SafeCsv.Record(Header()));
                        _table.Add([]);
                    }
                    await writer.WriteLineAsync(SafeCsv.Record(Cells(row)));
                    break;
                default:
                    _table.Add(Cells(row));
                    break;
            }
        }

        public async Task FinishAsync()
        {
            if (format != "table") return;
            var rows = _table.Prepend(Header()).ToList();
            var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => Math.Min(r[i].Length, 40))).ToArray();
            foreach (var r in rows)
                await writer.WriteLineAsync(string.Join("  ", r.Select((c, i) => (c.Length > 40 ? c[..39] + "…" : c).PadRight(widths[i]))).TrimEnd());
        }

        private string[] Header() => ["filename", "status", "confidence", .. fields, "validation_flags"];

        private string[] Cells(ExtractedRow row) =>
        [
            row.Filename, row.Status, row.Confidence?.ToString("0.####", CultureInfo.InvariantCulture) ?? "",
            .. fields.Select(f => Text(row.Values[f])), string.Join(' ', row.ValidationFlags),
        ];

        private static string Text(JsonNode? v) => v is null ? "" : v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();
    }
}
