using System.Globalization;
using System.Text.RegularExpressions;

namespace Quarry.Core.Values;

/// <summary>
/// Durations as ISO 8601 (P2Y, P18M, P30D): read from ISO text or from phrases like "2 years", "thirty (30) days",
/// "a two-year period" or "the third anniversary" (of a date: three years after it).
/// </summary>
public static partial class DurationValue
{
    [GeneratedRegex(@"^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?$")]
    private static partial Regex Iso();

    [GeneratedRegex(@"(?<!\d)(\d{1,4})\)?[\s-]*(year|yr|month|mo|week|wk|day)s?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Phrase();

    private static readonly Dictionary<string, int> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["fifteen"] = 15, ["eighteen"] = 18,
        ["twenty"] = 20, ["twenty-four"] = 24, ["thirty"] = 30, ["thirty-six"] = 36, ["sixty"] = 60, ["ninety"] = 90,
    };

    /// <summary>"first" … "tenth": the anniversary a term ends on counts its years.</summary>
    private static readonly Dictionary<string, int> Ordinals = new(StringComparer.OrdinalIgnoreCase)
    {
        ["first"] = 1, ["second"] = 2, ["third"] = 3, ["fourth"] = 4, ["fifth"] = 5, ["sixth"] = 6, ["seventh"] = 7,
        ["eighth"] = 8, ["ninth"] = 9, ["tenth"] = 10, ["1st"] = 1, ["2nd"] = 2, ["3rd"] = 3, ["4th"] = 4, ["5th"] = 5,
    };

    // "two years", "two-year", "Two (2) years": the number word may be followed by its figures in brackets.
    [GeneratedRegex(@"\b([a-z]+(?:-[a-z]+)?)(?:\s*\(\d{1,4}\))?[\s-]+(year|month|week|day)s?\b", RegexOptions.IgnoreCase)]
    private static partial Regex WordPhrase();

    [GeneratedRegex(@"\b([a-z0-9]+)\s+anniversary\b", RegexOptions.IgnoreCase)]
    private static partial Regex Anniversary();

    public static bool TryParse(string text, out string iso)
    {
        var t = text.Trim().ToUpperInvariant();
        if (t.Length > 1 && Iso().IsMatch(t))
        {
            iso = t;
            return true;
        }
        return TryFind(text, out iso, out _, out _);
    }

    /// <summary>The first duration written in <paramref name="text"/>: where it stands and what it reads as.</summary>
    public static bool TryFind(string text, out string iso, out int index, out int length)
    {
        var best = (Index: int.MaxValue, Length: 0, N: 0, Unit: 'D');
        var m = Phrase().Match(text);
        if (m.Success)
            best = (m.Index, m.Length, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Letter(m.Groups[2].Value));
        for (var w = WordPhrase().Match(text); w.Success && w.Index < best.Index; w = w.NextMatch())
        {
            if (Words.TryGetValue(w.Groups[1].Value, out var n))
            {
                best = (w.Index, w.Length, n, Letter(w.Groups[2].Value));
                break;
            }
        }
        for (var a = Anniversary().Match(text); a.Success && a.Index < best.Index; a = a.NextMatch())
        {
            if (Ordinals.TryGetValue(a.Groups[1].Value, out var n))
            {
                best = (a.Index, a.Length, n, 'Y');
                break;
            }
        }
        if (best.Index == int.MaxValue)
        {
            (iso, index, length) = ("", -1, 0);
            return false;
        }
        iso = string.Create(CultureInfo.InvariantCulture, $"P{best.N}{best.Unit}");
        (index, length) = (best.Index, best.Length);
        return true;

        static char Letter(string unit) => char.ToUpperInvariant(unit[0]) switch { 'Y' => 'Y', 'M' => 'M', 'W' => 'W', _ => 'D' };
    }
}
