using System.Globalization;
using System.Text;

namespace Quarry.Core.Readers;

/// <summary>
/// Shows spreadsheet values as text, the same for every machine: numbers through their number format where .NET can
/// follow it (grouping, decimals, percent, literal text), with the invariant culture; dates as ISO 8601, so the date
/// parsers downstream never guess a day/month order; booleans as Excel shows them.
/// </summary>
public static class SpreadsheetFormat
{
    /// <summary>Built-in number formats (ECMA-376 §18.8.30) that .NET can follow; the date ones are in <see cref="IsDateFormat"/>.</summary>
    private static readonly Dictionary<int, string> BuiltIn = new()
    {
        [1] = "0", [2] = "0.00", [3] = "#,##0", [4] = "#,##0.00", [9] = "0%", [10] = "0.00%", [11] = "0.00E+00",
        [37] = "#,##0", [38] = "#,##0", [39] = "#,##0.00", [40] = "#,##0.00", [48] = "##0.0E+0",
    };

    public static string Boolean(bool value) => value ? "TRUE" : "FALSE";

    /// <summary>Whether format <paramref name="id"/> (with <paramref name="code"/> for custom ones) shows a number as a date or time.</summary>
    public static bool IsDateFormat(int id, string? code)
    {
        if (id is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58))
            return true;
        if (id < 164 || string.IsNullOrEmpty(code))
            return false;
        var plain = FirstSection(StripLiterals(code));
        return plain.IndexOfAny(['y', 'Y', 'd', 'D', 'h', 'H', 's', 'S']) >= 0 || plain.Contains('m', StringComparison.OrdinalIgnoreCase) && !plain.Contains('0', StringComparison.Ordinal);
    }

    /// <summary>Converts a date serial (days since 1899-12-30, or since 1904-01-01 in 1904-based workbooks) to a date.</summary>
    public static DateTime? FromSerial(double serial, bool date1904)
    {
        if (date1904)
            serial += 1462;
        // Excel's dates run from 1900 to 9999 (serial 2958465).
        else if (serial is >= 1 and < 60)
            // Excel counts a 1900-02-29 that never was (serial 60); OLE dates do not, so earlier serials are a day apart.
            serial += 1;
        if (double.IsNaN(serial) || serial < 0 || serial >= 2958466)
            return null;
        return DateTime.FromOADate(serial);
    }

    /// <summary>ISO 8601: a date, a time, or both as the format shows them (both when it cannot tell).</summary>
    public static string Date(DateTime value, int id, string? code)
    {
        var (hasDate, hasTime) = DateParts(id, code);
        if (hasTime && value.TimeOfDay.Ticks % TimeSpan.TicksPerSecond != 0)
            value = value.AddTicks(-(value.TimeOfDay.Ticks % TimeSpan.TicksPerSecond));
        if (hasDate && !hasTime)
            return value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (hasTime && !hasDate)
            return value.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        return value.TimeOfDay == TimeSpan.Zero
            ? value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>A number through its format; formats .NET cannot follow fall back to Excel's "General".</summary>
    public static string Number(double value, int id, string? code)
    {
        var net = id < 164 ? BuiltIn.GetValueOrDefault(id) : ToNetFormat(code, value < 0);
        if (net is not null)
        {
            try
            {
                // A second format section shows negative numbers itself (with its own sign or brackets).
                var shown = id >= 164 && value < 0 && HasNegativeSection(code!) ? Math.Abs(value) : value;
                return shown.ToString(net, CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                // Fall through to General.
            }
        }
        return General(value);
    }

    /// <summary>Excel's "General": integers in full, other numbers with up to 15 significant digits.</summary>
    public static string General(double value)
    {
        if (Math.Abs(value) < 1e15 && value == Math.Floor(value))
            return value.ToString("0", CultureInfo.InvariantCulture);
        return value.ToString("G15", CultureInfo.InvariantCulture);
    }

    private static (bool Date, bool Time) DateParts(int id, string? code)
    {
        if (id is >= 14 and <= 17 or >= 27 and <= 31 or >= 34 and <= 36 or >= 50 and <= 58)
            return (true, false);
        if (id is >= 18 and <= 21 or >= 32 and <= 33 or >= 45 and <= 47)
            return (false, true);
        if (id == 22 || string.IsNullOrEmpty(code))
            return (true, true);
        var plain = FirstSection(StripLiterals(code)).ToLowerInvariant();
        var date = plain.IndexOfAny(['y', 'd']) >= 0;
        var time = plain.IndexOfAny(['h', 's']) >= 0;
        // A lone "m" is a month unless hours or seconds make it minutes.
        if (!date && !time && plain.Contains('m', StringComparison.Ordinal))
            date = true;
        return (date, time);
    }

    /// <summary>
    /// An Excel custom number format as a .NET custom format, or null when it has parts .NET does not know.
    /// Excel and .NET agree on 0 # , . % E+ and quoted text; colours, conditions, padding (_x) and fills (*x) are dropped
    /// and [$€-407] becomes its currency text.
    /// </summary>
    private static string? ToNetFormat(string? code, bool negative)
    {
        if (string.IsNullOrEmpty(code) || code.Equals("General", StringComparison.OrdinalIgnoreCase) || code == "@")
            return null;
        var sections = SplitSections(code);
        var section = negative && sections.Count > 1 ? sections[1] : sections[0];
        var sb = new StringBuilder();
        for (var i = 0; i < section.Length; i++)
        {
            var ch = section[i];
            switch (ch)
            {
                case '"':
                    var end = section.IndexOf('"', i + 1);
                    if (end < 0) return null;
                    sb.Append(section, i, end - i + 1);
                    i = end;
                    break;
                case '\\' when i + 1 < section.Length:
                    sb.Append('"').Append(section[i + 1]).Append('"');
                    i++;
                    break;
                case '_' or '*' when i + 1 < section.Length:
                    if (ch == '_') sb.Append(' ');
                    i++;
                    break;
                case '[':
                    var close = section.IndexOf(']', i + 1);
                    if (close < 0) return null;
                    var inner = section[(i + 1)..close];
                    if (inner.StartsWith('$'))
                    {
                        var dash = inner.IndexOf('-', StringComparison.Ordinal);
                        sb.Append('"').Append(dash < 0 ? inner[1..] : inner[1..dash]).Append('"');
                    }
                    i = close;
                    break;
                case '0' or '#' or ',' or '.' or '%' or ' ' or '(' or ')' or '-' or '+' or '$' or '€' or '£' or '¥':
                    sb.Append(ch);
                    break;
                case 'E' or 'e' when i + 1 < section.Length && section[i + 1] is '+' or '-':
                    sb.Append(ch);
                    break;
                default:
                    return null;
            }
        }
        var net = sb.ToString();
        return net.IndexOfAny(['0', '#']) >= 0 ? net : null;
    }

    private static bool HasNegativeSection(string code) => SplitSections(code).Count > 1;

    /// <summary>Sections apart by ';' outside quotes: positive; negative; zero; text.</summary>
    private static List<string> SplitSections(string code)
    {
        var sections = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < code.Length; i++)
        {
            if (code[i] == '"') quoted = !quoted;
            else if (code[i] == '\\') i++;
            else if (code[i] == ';' && !quoted)
            {
                sections.Add(code[start..i]);
                start = i + 1;
            }
        }
        sections.Add(code[start..]);
        return sections;
    }

    private static string FirstSection(string code) => SplitSections(code)[0];

    /// <summary>The format without quoted text, escaped characters and [bracketed] parts, which never name date parts.</summary>
    private static string StripLiterals(string code)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < code.Length; i++)
        {
            var ch = code[i];
            if (ch == '"')
            {
                var end = code.IndexOf('"', i + 1);
                i = end < 0 ? code.Length : end;
            }
            else if (ch is '\\' or '_' or '*')
                i++;
            else if (ch == '[')
            {
                var end = code.IndexOf(']', i + 1);
                // Elapsed time ([h], [mm], [ss]) is a time all the same.
                if (end > i && code[(i + 1)..end].ToLowerInvariant().Trim('h', 'm', 's').Length == 0)
                    sb.Append(code, i + 1, end - i - 1);
                i = end < 0 ? code.Length : end;
            }
            else
                sb.Append(ch);
        }
        return sb.ToString();
    }
}
