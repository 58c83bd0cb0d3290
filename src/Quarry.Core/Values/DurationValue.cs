using System.Globalization;
using System.Text.RegularExpressions;

namespace Quarry.Core.Values;

/// <summary>Durations as ISO 8601 (P2Y, P18M, P30D): read from ISO text or from phrases like "2 years" or "thirty (30) days".</summary>
public static partial class DurationValue
{
    [GeneratedRegex(@"^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?$")]
    private static partial Regex Iso();

    [GeneratedRegex(@"(\d{1,4})\)?\s*(year|yr|month|mo|week|wk|day)s?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Phrase();

    private static readonly Dictionary<string, int> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["eighteen"] = 18,
        ["twenty"] = 20, ["twenty-four"] = 24, ["thirty"] = 30, ["thirty-six"] = 36, ["sixty"] = 60, ["ninety"] = 90,
    };

    [GeneratedRegex(@"\b([a-z]+(?:-[a-z]+)?)\s+(year|month|week|day)s?\b", RegexOptions.IgnoreCase)]
    private static partial Regex WordPhrase();

    public static bool TryParse(string text, out string iso)
    {
        var t = text.Trim().ToUpperInvariant();
        if (t.Length > 1 && Iso().IsMatch(t))
        {
            iso = t;
            return true;
        }
        var m = Phrase().Match(text);
        int n;
        string unit;
        if (m.Success)
        {
            n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            unit = m.Groups[2].Value;
        }
        else
        {
            var w = WordPhrase().Match(text);
            if (!w.Success || !Words.TryGetValue(w.Groups[1].Value, out n))
            {
                iso = "";
                return false;
            }
            unit = w.Groups[2].Value;
        }
        var letter = char.ToUpperInvariant(unit[0]) switch { 'Y' => 'Y', 'M' => 'M', 'W' => 'W', _ => 'D' };
        iso = string.Create(CultureInfo.InvariantCulture, $"P{n}{letter}");
        return true;
    }
}
