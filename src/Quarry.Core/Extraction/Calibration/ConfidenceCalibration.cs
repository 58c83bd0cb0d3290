using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quarry.Core.Extraction.Calibration;

/// <summary>One fitted curve: raw evidence score → probability of being right, rising, as (score, probability) points.</summary>
public sealed record CalibrationCurve(
    [property: JsonPropertyName("n")] int Samples,
    [property: JsonPropertyName("points")] IReadOnlyList<double[]> Points)
{
    /// <summary>Linear between the points, flat beyond the first and the last.</summary>
    public double Map(double score)
    {
        if (Points.Count == 0) return score;
        if (score <= Points[0][0]) return Points[0][1];
        for (var i = 1; i < Points.Count; i++)
        {
            var (x0, y0, x1, y1) = (Points[i - 1][0], Points[i - 1][1], Points[i][0], Points[i][1]);
            if (score <= x1)
                return x1 - x0 < 1e-9 ? y1 : y0 + (y1 - y0) * (score - x0) / (x1 - x0);
        }
        return Points[^1][1];
    }
}

/// <summary>A probability with the number of examples it was measured on.</summary>
public sealed record CalibrationRate([property: JsonPropertyName("n")] int Samples, [property: JsonPropertyName("p")] double Probability);

/// <summary>The fitted table as it is stored (<c>calibration.json</c>): curves for found values, rates for fields left empty.</summary>
public sealed record CalibrationTable(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("fitted_on")] IReadOnlyList<string> FittedOn,
    [property: JsonPropertyName("curves")] IReadOnlyDictionary<string, CalibrationCurve> Curves,
    [property: JsonPropertyName("absent")] IReadOnlyDictionary<string, CalibrationRate> Absent);

/// <summary>
/// Turns the evidence phase 1 found into a confidence that means what it says: among cells reported at 0.9, about nine
/// in ten are right. The mapping is fitted on labelled documents (<c>quarry calibrate</c>) and shipped as data
/// (<c>Extraction/Calibration/calibration.json</c>); see docs/extraction.md.
/// </summary>
public sealed class ConfidenceCalibration
{
    private static readonly Lazy<ConfidenceCalibration> Shipped = new(LoadShipped);
    private readonly CalibrationTable? _table;

    private ConfidenceCalibration(CalibrationTable? table) => _table = table;

    /// <summary>The table shipped with Quarry.</summary>
    public static ConfidenceCalibration Default => Shipped.Value;

    /// <summary>No calibration: confidences are the raw evidence scores (what <c>quarry calibrate</c> fits from).</summary>
    public static ConfidenceCalibration Identity { get; } = new(null);

    public static ConfidenceCalibration From(CalibrationTable table) => new(table);

    public static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = false };

    public static ConfidenceCalibration Parse(string json) =>
        new(JsonSerializer.Deserialize<CalibrationTable>(json, JsonOptions) ?? throw new JsonException("The calibration table is empty."));

    public CalibrationTable? Table => _table;

    /// <summary>The probability that a value found with this evidence is right.</summary>
    public double Confidence(Evidence evidence, string group, RuleAgreement rule = RuleAgreement.None)
    {
        var raw = Math.Clamp(evidence.Score, 0, 1);
        if (_table is null) return Math.Round(raw, 4);
        foreach (var key in CalibrationKey.Candidates(evidence.Kind, group, rule))
        {
            if (_table.Curves.TryGetValue(key, out var curve))
                return Math.Round(Math.Clamp(curve.Map(raw), 0, 1), 4);
        }
        return Math.Round(raw, 4);
    }

    /// <summary>The probability that a field phase 1 left empty is truly absent from the document (1 without a table).</summary>
    public double AbsentIsRight(string group)
    {
        if (_table is null) return 1;
        foreach (var key in CalibrationKey.AbsentCandidates(group))
        {
            if (_table.Absent.TryGetValue(key, out var rate))
                return rate.Probability;
        }
        return 1;
    }

    private static ConfidenceCalibration LoadShipped()
    {
        var asm = typeof(ConfidenceCalibration).Assembly;
        var name = asm.GetManifestResourceNames().Single(n => n.EndsWith(".calibration.json", StringComparison.Ordinal));
        using var stream = asm.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
