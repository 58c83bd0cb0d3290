using System.Globalization;
using System.Text.RegularExpressions;

namespace Quarry.Core.Values;

/// <summary>The order to read an all-numeric date whose day and month could be swapped (03/04/2024).</summary>
public enum DateOrder { DayFirst, MonthFirst }

/// <summary>A date read from text. <see cref="Ambiguous"/> is true when day and month could be read both ways and the order rule decided.</summary>
public readonly record struct ParsedDate(DateOnly Date, bool Ambiguous);

/// <summary>
/// Reads dates as people write them: ISO, numeric with / . - separators (2- or 4-digit years), and with month names
/// in English, German, French, Dutch and Spanish. The order rule for 03/04/2024: a dot means day first (European
/// usage); otherwise a part above 12 decides; otherwise <see cref="DateOrder"/> decides and the result is ambiguous.
/// </summary>
public static partial class DateValue
{
    private static readonly Dictionary<string, int> Months = BuildMonths();

    [GeneratedRegex(@"(?<![\d])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])")]
    private static partial Regex IsoLike();

    [GeneratedRegex(@"(?<![\d])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d])")]
    private static partial Regex Numeric();

    // "of" and "de" join the parts in "1st of May 2024" and in Spanish "5 de mayo de 2024"; contracts write "the 11th day of January, 2012".
    [GeneratedRegex(@"(?<![\p{L}\d])(\d{1,2})(?:st|nd|rd|th|er|\.)?(?:\s+day)?(?:\s+(?:of|de)\b)?[\s\-/.]*(\p{L}{3,10})\.?[\s\-/.,]*(?:del?\s+)?(\d{4}|\d{2})(?![\d])", RegexOptions.IgnoreCase)]
    private static partial Regex DayMonthNameYear();

    // "April 6th , 2005": a space may stand before the comma in typed contracts.
    [GeneratedRegex(@"(?<![\p{L}])(\p{L}{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s?,?\s+(\d{4})(?![\d])", RegexOptions.IgnoreCase)]
    private static partial Regex MonthNameDayYear();

    /// <summary>Finds the first date in <paramref name="text"/>; returns the match's position so callers can locate it.</summary>
    public static bool TryFind(string text, DateOrder order, out ParsedDate date, out int index, out int length)
    {
        var best = (Index: int.MaxValue, Length: 0, Date: default(ParsedDate));
        Consider(IsoLike().Match(text), m => MakeDate(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, false));
        Consider(Numeric().Match(text), m => FromNumeric(m, order));
        Consider(DayMonthNameYear().Match(text), m => MonthOf(m.Groups[2].Value) is { } mo ? MakeDate(m.Groups[3].Value, mo, m.Groups[1].Value, false) : null);
        Consider(MonthNameDayYear().Match(text), m => MonthOf(m.Groups[1].Value) is { } mo ? MakeDate(m.Groups[3].Value, mo, m.Groups[2].Value, false) : null);
        date = best.Date;
        index = best.Index;
        length = best.Length;
        return best.Index != int.MaxValue;

        void Consider(Match m, Func<Match, ParsedDate?> make)
        {
            for (; m.Success; m = m.NextMatch())
            {
                if (m.Index >= best.Index) return;
                if (make(m) is { } d)
                {
                    best = (m.Index, m.Length, d);
                    return;
                }
            }
        }
    }

    /// <summary>
    /// The day/month order a document itself shows: a numeric date whose first part is above 12 (25/12/2018) or a
    /// written one with the day first (5 May 2024) says day first; one whose second part is above 12 (12/25/2018) or
    /// with the month first (May 5, 2024) says month first. Null when the document says nothing or both.
    /// </summary>
    public static DateOrder? InferOrder(string text)
    {
        int dayFirst = 0, monthFirst = 0;
        for (var m = Numeric().Match(text); m.Success; m = m.NextMatch())
        {
            var a = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var b = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            if (a is > 12 and <= 31 && b is >= 1 and <= 12) dayFirst++;
            else if (b is > 12 and <= 31 && a is >= 1 and <= 12) monthFirst++;
        }
        for (var m = DayMonthNameYear().Match(text); m.Success; m = m.NextMatch())
            if (MonthOf(m.Groups[2].Value) is not null) dayFirst++;
        for (var m = MonthNameDayYear().Match(text); m.Success; m = m.NextMatch())
            if (MonthOf(m.Groups[1].Value) is not null) monthFirst++;
        return (dayFirst, monthFirst) switch
        {
            ( > 0, 0) => DateOrder.DayFirst,
            (0, > 0) => DateOrder.MonthFirst,
            _ => null,
        };
    }

    public static bool TryParse(string text, DateOrder order, out ParsedDate date) =>
        TryFind(text, order, out date, out _, out _);

    private static ParsedDate? FromNumeric(Match m, DateOrder order)
    {
        var a = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var b = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        var sep = m.Groups[2].Value;
        var year = m.Groups[4].Value;
        bool dayFirst;
        var ambiguous = false;
        if (a > 12 && b <= 12) dayFirst = true;
        else if (b > 12 && a <= 12) dayFirst = false;
        else if (sep == ".") dayFirst = true;
        else
        {
            dayFirst = order == DateOrder.DayFirst;
            ambiguous = a != b;
        }
        var (day, month) = dayFirst ? (a, b) : (b, a);
        return MakeDate(year, month.ToString(CultureInfo.InvariantCulture), day.ToString(CultureInfo.InvariantCulture), ambiguous);
    }

    private static ParsedDate? MakeDate(string year, string month, string day, bool ambiguous)
    {
        var y = int.Parse(year, CultureInfo.InvariantCulture);
        if (year.Length == 2)
            y += y < 70 ? 2000 : 1900;
        var mo = int.Parse(month, CultureInfo.InvariantCulture);
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        if (y is < 1000 or > 9999 || mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo))
            return null;
        return new ParsedDate(new DateOnly(y, mo, d), ambiguous);
    }

    private static string? MonthOf(string word) =>
        Months.TryGetValue(word.ToLowerInvariant().TrimEnd('.'), out var m) ? m.ToString(CultureInfo.InvariantCulture) : null;

    private static Dictionary<string, int> BuildMonths()
    {
        string[][] names =
        [
            ["january", "jan", "januar", "janvier", "janv", "januari", "enero", "ene", "jänner"],
            ["february", "feb", "februar", "février", "fevrier", "févr", "fevr", "februari", "febrero"],
            ["march", "mar", "märz", "maerz", "mars", "maart", "marzo", "mrz"],
            ["april", "apr", "avril", "avr", "abril", "abr"],
            ["may", "mai", "mei", "mayo"],
            ["june", "jun", "juni", "juin", "junio"],
            ["july", "jul", "juli", "juillet", "juil", "julio"],
            ["august", "aug", "août", "aout", "augustus", "agosto", "ago"],
            ["september", "sep", "sept", "septembre", "septiembre", "setiembre"],
            ["october", "oct", "oktober", "okt", "octobre", "octubre"],
            ["november", "nov", "novembre", "noviembre"],
            ["december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic"],
        ];
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
            foreach (var n in names[i])
                map.TryAdd(n, i + 1);
        return map;
    }
}
