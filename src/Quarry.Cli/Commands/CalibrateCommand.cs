using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Quarry.Core.Evaluation;
using Quarry.Core.Extraction;
using Quarry.Core.Extraction.Calibration;

namespace Quarry.Cli.Commands;

/// <summary>
/// <c>quarry calibrate --dataset DIR... --output FILE</c>: extract labelled datasets with raw evidence scores, judge
/// every value as the scorer does, and fit the table that turns evidence into confidence. Also reports the
/// calibration error each set would have, in sample and cross-validated (each fold predicted by a table fitted
/// without it), so the figure shipped is not only the one fitted.
/// </summary>
public static class CalibrateCommand
{
    private sealed record Judged(string Dataset, int Fold, CalibrationSample? Found, AbsentSample? Absent);

    public static Command Build()
    {
        var datasets = new Option<string[]>("--dataset") { Description = "A labelled dataset folder (repeat for several)", Required = true, AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the fitted table (JSON)", Required = true };
        var folds = new Option<int>("--folds") { Description = "Folds for the cross-validated report", DefaultValueFactory = _ => 5 };
        var command = new Command("calibrate", """
            Fit the confidence calibration on labelled datasets and write it as JSON. Quarry ships the table fitted on
            its dev sets in src/Quarry.Core/Extraction/Calibration/calibration.json.
            Example: quarry calibrate --dataset ../shared/datasets/sroie-train --dataset ../shared/datasets/invoice2data -o calibration.json
            """) { datasets, output, folds };
        command.SetAction(async (parse, ct) =>
        {
            var (options, _) = CliContext.Load(parse);
            var k = Math.Max(2, parse.GetValue(folds));
            var judged = new List<Judged>();
            var names = new List<string>();
            foreach (var dir in parse.GetValue(datasets)!)
            {
                var set = await LabelledDataset.LoadAsync(dir, ct);
                names.Add(set.Name);
                judged.AddRange(await JudgeAsync(set, options, k, ct));
            }
            var table = Fit(judged, names);
            await File.WriteAllTextAsync(parse.GetValue(output)!, Serialize(table), ct);
            Console.Out.Write(Report(judged, table, k));
            return 0;
        });
        return command;
    }

    private static async Task<List<Judged>> JudgeAsync(LabelledDataset set, Quarry.Server.Hosting.QuarryOptions options, int folds, CancellationToken ct)
    {
        var truthByName = set.Truth.ToDictionary(t => Path.GetFileName(t.File), t => t.Values, StringComparer.Ordinal);
        var judged = new List<Judged>();
        var index = 0;
        await ExtractRunner.RunAsync(set.Schema, options, 0.8, set.Files(), row =>
        {
            var fold = index++ % folds;
            if (row.Work is not { } work || !truthByName.TryGetValue(Path.GetFileName(row.Filename), out var truth))
                return Task.CompletedTask;
            var (agreement, _) = CrossFieldRules.Evaluate(work);
            foreach (var field in set.Schema.Fields)
            {
                if (!truth.TryGetValue(field.Name, out var t)) continue;
                var cell = work.CellOf(field.Name);
                using var predicted = JsonDocument.Parse(cell.Value?.ToJsonString() ?? "null");
                var correct = Scorer.Judge(field.Type, t, predicted.RootElement).Correct;
                var group = CalibrationKey.GroupOf(field);
                if (cell.IsFilled && cell.Evidence is { } e)
                {
                    var rule = agreement.TryGetValue(field.Name, out var a) ? a : RuleAgreement.None;
                    judged.Add(new Judged(set.Name, fold, new CalibrationSample(e.Kind, group, rule, e.Score, correct), null));
                }
                else if (!cell.IsFilled)
                    judged.Add(new Judged(set.Name, fold, null, new AbsentSample(group, correct)));
            }
            return Task.CompletedTask;
        }, ct, PhasePipeline.Default(calibration: ConfidenceCalibration.Identity));
        return judged;
    }

    private static CalibrationTable Fit(IEnumerable<Judged> judged, IReadOnlyList<string> names)
    {
        var list = judged.ToList();
        return CalibrationFitter.Fit(list.Where(j => j.Found is not null).Select(j => j.Found!), list.Where(j => j.Absent is not null).Select(j => j.Absent!), names);
    }

    private static string Report(List<Judged> judged, CalibrationTable table, int folds)
    {
        var inv = CultureInfo.InvariantCulture;
        var fitted = ConfidenceCalibration.From(table);
        var outOfFold = Enumerable.Range(0, folds)
            .Select(f => (Fold: f, Calibration: ConfidenceCalibration.From(Fit(judged.Where(j => j.Fold != f), []))))
            .ToDictionary(x => x.Fold, x => x.Calibration);
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("| dataset | found cells | calibration error (fitted on all) | cross-validated |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var set in judged.GroupBy(j => j.Dataset))
        {
            var found = set.Where(j => j.Found is not null).ToList();
            var inSample = Scorer.CalibrationError(found.Select(j => (Map(fitted, j.Found!), j.Found!.Correct)).ToList());
            var crossed = Scorer.CalibrationError(found.Select(j => (Map(outOfFold[j.Fold], j.Found!), j.Found!.Correct)).ToList());
            sb.AppendLine(string.Create(inv, $"| {set.Key} | {found.Count} | {inSample:F4} | {crossed:F4} |"));
        }
        sb.AppendLine(string.Create(inv, $"curves={table.Curves.Count} absent_rates={table.Absent.Count}"));
        return sb.ToString();
    }

    private static double Map(ConfidenceCalibration c, CalibrationSample s) => c.Confidence(new Evidence(s.Kind, s.Score), s.Group, s.Rule);

    /// <summary>One curve per line: readable in a diff when the table is fitted again.</summary>
    private static string Serialize(CalibrationTable table)
    {
        var o = ConfidenceCalibration.JsonOptions;
        var sb = new System.Text.StringBuilder();
        sb.Append("{\n  \"version\": ").Append(table.Version).Append(",\n  \"fitted_on\": ").Append(JsonSerializer.Serialize(table.FittedOn, o)).Append(",\n  \"curves\": {\n");
        sb.Append(string.Join(",\n", table.Curves.Select(c => $"    {JsonSerializer.Serialize(c.Key, o)}: {JsonSerializer.Serialize(c.Value, o)}")));
        sb.Append("\n  },\n  \"absent\": {\n");
        sb.Append(string.Join(",\n", table.Absent.Select(c => $"    {JsonSerializer.Serialize(c.Key, o)}: {JsonSerializer.Serialize(c.Value, o)}")));
        sb.Append("\n  }\n}\n");
        return sb.ToString();
    }
}
