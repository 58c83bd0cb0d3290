using System.Globalization;
using System.Text.Json;
using Quarry.Cli.Remote;
using Quarry.Client;

namespace Quarry.Cli.Review;

/// <summary>
/// One row as a reviewer needs to see it: the document, status and confidence, its flags, and its doubtful cells — each
/// with value, confidence, flags and the source text it was read from (page and words).
/// </summary>
public static class RowView
{
    /// <summary>The server's default review threshold, for rows shown without their job at hand.</summary>
    public const double DefaultThreshold = 0.8;

    /// <summary>Writes the row; cells below <paramref name="threshold"/> (the job's review threshold) count as doubtful even without a flag.</summary>
    public static async Task WriteAsync(TextWriter writer, ResultRow row, string? heading = null, double threshold = DefaultThreshold)
    {
        await writer.WriteLineAsync($"{heading ?? "Row"}: {row.Filename}  (row {row.Id}, status {row.Status}, confidence {Confidence(row.Confidence)})");
        await writer.WriteLineAsync(row.ValidationFlags.Count > 0
            ? "  flags: " + string.Join(' ', row.ValidationFlags)
            : "  no flags (the row's confidence is below the job's review threshold)");
        var fields = DoubtfulFields(row, threshold);
        var shown = fields.Count > 0 ? fields : [.. row.Values.Keys];
        var lines = shown.Select(f => (IReadOnlyList<string>)[f, Value(row, f), Confidence(row.Cells?.GetValueOrDefault(f)?.Confidence),
            string.Join(' ', FlagsOf(row, f)), Source(row.Cells?.GetValueOrDefault(f))]).ToList();
        using var table = new StringWriter(CultureInfo.InvariantCulture);
        await TextTable.WriteAsync(table, ["FIELD", "VALUE", "CONFIDENCE", "FLAGS", "SOURCE"], lines, maxWidth: 48);
        foreach (var line in table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            await writer.WriteLineAsync("  " + line.TrimEnd('\r'));
    }

    /// <summary>Fields a flag names (<c>kind:field</c>) and fields whose cell is unsure, in the schema's order.</summary>
    public static List<string> DoubtfulFields(ResultRow row, double threshold = DefaultThreshold)
    {
        var flagged = row.ValidationFlags.Select(FieldOf).ToHashSet(StringComparer.Ordinal);
        return [.. row.Values.Keys.Where(f => flagged.Contains(f) || row.Cells?.GetValueOrDefault(f)?.Confidence < threshold)];
    }

    public static string Value(ResultRow row, string field) =>
        row.Values.TryGetValue(field, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? ResultOutput.Cell(v) : "∅";

    private static IEnumerable<string> FlagsOf(ResultRow row, string field) =>
        row.ValidationFlags.Where(f => FieldOf(f) == field).Select(f => f.Split(':', 2)[0]);

    private static string FieldOf(string flag) => flag[(flag.IndexOf(':', StringComparison.Ordinal) + 1)..];

    private static string Confidence(double? c) => c is null ? "–" : ResultOutput.Confidence(c);

    private static string Source(Cell? cell) => cell?.Source is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"p{s.Page} \"{s.Text}\"{(s.Kind is null ? "" : $" ({s.Kind})")}")
        : cell?.Phase == "human" ? "(a person)" : "";
}
