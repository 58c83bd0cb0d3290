using System.Text.Json;
using Quarry.Core.Schemas;

namespace Quarry.Core.Evaluation;

/// <summary>Per-field precision, recall and F1.</summary>
public sealed record FieldScore(string Field, int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>What <c>quarry eval</c> reports: the reference scorer's figures.</summary>
public sealed record EvaluationReport(
    int Documents, int RowsMissing, IReadOnlyList<FieldScore> Fields, FieldScore Micro,
    int ApprovedRows, double? ApprovedRowAccuracy, double? CalibrationError, int ScoredCellsWithConfidence);

/// <summary>One value judged: right or not, and what it adds to the true positive, false positive and false negative counts.</summary>
public readonly record struct Judgement(bool Correct, int TruePositives, int FalsePositives, int FalseNegatives);

/// <summary>A prediction as the scorer reads it: the row's status and values, and each cell's confidence.</summary>
public sealed record Prediction(string Filename, string? Status, IReadOnlyDictionary<string, JsonElement> Values, IReadOnlyDictionary<string, double?> Confidences);

/// <summary>
/// Scores predictions against a dataset's truth exactly as <c>tools/score.py</c> does: rows matched by file base
/// name; only the fields the truth states are scored; arrays as multisets; approved rows are right when every scored
/// field is; calibration error is the expected calibration error over ten bins of cell confidence.
/// </summary>
public static class Scorer
{
    public static EvaluationReport Score(IReadOnlyList<FieldDefinition> schema, IReadOnlyList<(string File, IReadOnlyDictionary<string, JsonElement> Values)> truth,
        IEnumerable<Prediction> predictions)
    {
        var types = schema.ToDictionary(f => f.Name, f => f.Type, StringComparer.Ordinal);
        var byName = new Dictionary<string, Prediction>(StringComparer.Ordinal);
        foreach (var p in predictions)
            byName[BaseName(p.Filename)] = p;
        var counts = types.Keys.ToDictionary(f => f, _ => new int[3], StringComparer.Ordinal);
        var calibration = new List<(double Confidence, bool Correct)>();
        int approved = 0, approvedOk = 0, missing = 0;
        var truthByName = new Dictionary<string, IReadOnlyDictionary<string, JsonElement>>(StringComparer.Ordinal);
        foreach (var (file, values) in truth)
            truthByName[BaseName(file)] = values;

        foreach (var (name, truthValues) in truthByName)
        {
            byName.TryGetValue(name, out var row);
            if (row is null) missing++;
            var rowOk = true;
            foreach (var (field, t) in truthValues)
            {
                if (!types.TryGetValue(field, out var type)) continue;
                var p = row is not null && row.Values.TryGetValue(field, out var pv) ? pv : default;
                var judged = Judge(type, t, p);
                var c = counts[field];
                c[0] += judged.TruePositives; c[1] += judged.FalsePositives; c[2] += judged.FalseNegatives;
                var ok = judged.Correct;
                rowOk &= ok;
                if (row is not null && row.Confidences.TryGetValue(field, out var conf) && conf is { } cv && !ScoreNormalizer.IsEmpty(p))
                    calibration.Add((cv, ok));
            }
            if (row?.Status == "approved")
            {
                approved++;
                if (rowOk) approvedOk++;
            }
        }

        var fields = schema.Select(f => f.Name).Where(f => counts[f].Sum() > 0)
            .Select(f => new FieldScore(f, counts[f][0], counts[f][1], counts[f][2])).ToList();
        var micro = new FieldScore("micro", fields.Sum(f => f.TruePositives), fields.Sum(f => f.FalsePositives), fields.Sum(f => f.FalseNegatives));
        return new EvaluationReport(truthByName.Count, missing, fields, micro, approved,
            approved == 0 ? null : (double)approvedOk / approved, CalibrationError(calibration), calibration.Count);
    }

    /// <summary>One predicted value against the truth, as the reference scorer counts it; arrays as multisets of normalized items.</summary>
    public static Judgement Judge(FieldType type, JsonElement truth, JsonElement predicted)
    {
        if (type == FieldType.Array)
        {
            var ts = Items(truth);
            var ps = predicted.ValueKind == JsonValueKind.Array ? Items(predicted) : ScoreNormalizer.IsEmpty(predicted) ? [] : [ScoreNormalizer.Str(predicted)];
            var hit = ts.Distinct().Sum(x => Math.Min(ts.Count(y => y == x), ps.Count(y => y == x)));
            return new Judgement(ts.Order(StringComparer.Ordinal).SequenceEqual(ps.Order(StringComparer.Ordinal)), hit, ps.Count - hit, ts.Count - hit);
        }
        if (ScoreNormalizer.IsEmpty(truth) && ScoreNormalizer.IsEmpty(predicted)) return new Judgement(true, 0, 0, 0);
        if (ScoreNormalizer.IsEmpty(truth)) return new Judgement(false, 0, 1, 0);
        if (ScoreNormalizer.IsEmpty(predicted)) return new Judgement(false, 0, 0, 1);
        return ScoreNormalizer.Normalize(type, truth) == ScoreNormalizer.Normalize(type, predicted)
            ? new Judgement(true, 1, 0, 0)
            : new Judgement(false, 0, 1, 1);
    }

    /// <summary>Expected calibration error over ten equal-width bins: |mean confidence − accuracy| weighted by the bin's share.</summary>
    public static double? CalibrationError(IReadOnlyList<(double Confidence, bool Correct)> cells)
    {
        if (cells.Count == 0) return null;
        return cells.GroupBy(c => Math.Min((int)(c.Confidence * 10), 9))
            .Sum(b => Math.Abs(b.Average(c => c.Confidence) - b.Average(c => c.Correct ? 1.0 : 0.0)) * b.Count()) / cells.Count;
    }

    private static List<string> Items(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().Select(ScoreNormalizer.Str).ToList() : [];

    private static string BaseName(string path) => Path.GetFileName(path.Replace('\\', '/'));
}
