using System.Globalization;

namespace Quarry.Core.Exports;

/// <summary>
/// CSV fields that are safe to open in a spreadsheet: RFC 4180 quoting, and a cell that a spreadsheet would run as a
/// formula (leading <c>= + - @</c>, tab or CR) gets a leading apostrophe so it is shown instead. Numbers such as
/// <c>-42.50</c> are left alone: a spreadsheet reads them as numbers, never as formulas, and a consumer must get them intact.
/// Shared by <c>quarry extract --format csv</c> and the server's CSV export.
/// </summary>
public static class SafeCsv
{
    private static readonly char[] NeedsQuotes = [',', '"', '\n', '\r'];

    /// <summary>One field, defused and quoted as needed.</summary>
    public static string Field(string value) => Quote(Defuse(value));

    /// <summary>One record: the fields joined by commas (without the line ending, which the caller chooses).</summary>
    public static string Record(IEnumerable<string> fields) => string.Join(',', fields.Select(Field));

    /// <summary>The value with a leading apostrophe when a spreadsheet would take it for a formula.</summary>
    public static string Defuse(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "'" + value
            : value;

    /// <summary>RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled.</summary>
    public static string Quote(string value) =>
        value.IndexOfAny(NeedsQuotes) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
