using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Quarry.Core.Evaluation;

namespace Quarry.Cli.Commands;

/// <summary><c>quarry eval --dataset DIR</c>: extract a labelled dataset and score it as the reference scorer does.</summary>
public static class EvalCommand
{
    public static Command Build()
    {
        var dataset = new Option<string>("--dataset") { Description = "A folder with schema.json, truth.jsonl and the documents", Required = true };
        var output = new Option<string?>("--predictions") { Description = "Also write the predicted rows (JSON lines) to this file" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var threshold = new Option<double>("--review-threshold") { DefaultValueFactory = _ => 0.8 };
        var skip = new Option<int>("--skip") { Description = "Leave out the first N documents of truth.jsonl (those a registry learned from)", DefaultValueFactory = _ => 0 };
        var take = new Option<int?>("--take") { Description = "Evaluate at most N documents" };
        var command = new Command("eval", """
            Extract every document of a labelled dataset and report per-field precision, recall and F1, micro-F1,
            approved-row accuracy and calibration error.
            Example: quarry eval --dataset ../shared/datasets/invoice2data --predictions pred.jsonl
            With --data-dir, cells are filled first from what quarry learn taught that folder for a schema of the same name.
            """) { dataset, output, json, threshold, skip, take };
        command.SetAction(async (parse, ct) =>
        {
            var (options, _) = CliContext.Load(parse);
            var set = await LabelledDataset.LoadAsync(parse.GetValue(dataset)!, ct);
            var (first, count) = (parse.GetValue(skip), parse.GetValue(take) ?? int.MaxValue);
            var (schema, truth, files) = (set.Schema, set.Truth.Skip(first).Take(count).ToList(), set.Files().Skip(first).Take(count).ToList());
            var registry = await LocalRegistry.LoadAsync(parse, schema.Name, ct);
            var predictions = new List<Prediction>();
            using var agent = new LocalAgent(options);
            await using var writer = parse.GetValue(output) is { } path ? new StreamWriter(path) : null;
            await ExtractRunner.RunAsync(schema, options, parse.GetValue(threshold), files, async row =>
            {
                var rowJson = row.ToJson();
                if (writer is not null) await writer.WriteLineAsync(rowJson.ToJsonString());
                using var parsed = JsonDocument.Parse(rowJson.ToJsonString());
                var values = parsed.RootElement.GetProperty("values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
                var confidences = row.Cells.ToDictionary(c => c.Key, c => c.Value?["confidence"]?.GetValue<double>(), StringComparer.Ordinal);
                predictions.Add(new Prediction(row.Filename, row.Status, values, confidences));
            }, ct, registry: registry, agent: agent.Agent);
            var report = Scorer.Score(schema.Fields, truth, predictions);
            Console.Out.Write(parse.GetValue(json) ? ToJson(report).ToJsonString() + "\n" : Format(report));
            return 0;
        });
        return command;
    }

    /// <summary>The reference scorer's JSON report, key for key, figures rounded to 4 places as it does.</summary>
    public static System.Text.Json.Nodes.JsonObject ToJson(EvaluationReport r)
    {
        var fields = new System.Text.Json.Nodes.JsonObject();
        foreach (var f in r.Fields)
            fields[f.Field] = Scores(f);
        return new System.Text.Json.Nodes.JsonObject
        {
            ["documents"] = r.Documents,
            ["rows_missing"] = r.RowsMissing,
            ["fields"] = fields,
            ["micro"] = Scores(r.Micro),
            ["approved_rows"] = r.ApprovedRows,
            ["approved_row_accuracy"] = Round(r.ApprovedRowAccuracy),
            ["calibration_error"] = Round(r.CalibrationError),
            ["scored_cells_with_confidence"] = r.ScoredCellsWithConfidence,
        };

        static System.Text.Json.Nodes.JsonObject Scores(FieldScore f) => new()
        {
            ["precision"] = Round(f.Precision), ["recall"] = Round(f.Recall), ["f1"] = Round(f.F1),
        };
    }

    private static double? Round(double? v) => v is { } x ? Math.Round(x, 4, MidpointRounding.ToEven) : null;

    public static string Format(EvaluationReport r)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("| field | precision | recall | F1 |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var f in r.Fields.Append(r.Micro))
            sb.AppendLine(string.Create(inv, $"| {f.Field} | {Round(f.Precision):F3} | {Round(f.Recall):F3} | {Round(f.F1):F3} |"));
        sb.AppendLine(string.Create(inv, $"documents={r.Documents} rows_missing={r.RowsMissing} approved={r.ApprovedRows} approved_row_accuracy={(Round(r.ApprovedRowAccuracy) is { } a ? a.ToString("R", inv) : "None")} calibration_error={(Round(r.CalibrationError) is { } c ? c.ToString("R", inv) : "None")}"));
        sb.AppendLine(string.Create(inv, $"f1={r.Micro.F1:F4}"));
        return sb.ToString();
    }
}
