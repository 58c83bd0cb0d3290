using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Quarry.Core.Values;

/// <summary>An amount read from text, with the currency written next to it when there was one.</summary>
public readonly record struct ParsedAmount(decimal Value, string? Currency);

/// <summary>
/// Reads amounts in the notations invoices use: 4,250.00 · 4.250,00 · 4 250,00 · 1'234.50 · (12.00) · 12.00- · $4,250 · EUR 12,50.
/// The separator rule: when both , and . appear the last one is the decimal mark; a lone separator followed by
/// exactly three digits is a thousands separator when it is a comma, a decimal mark when it is a dot.
/// </summary>
public static partial class AmountValue
{
    [GeneratedRegex(@"(?<![\p{L}\d])(?<neg1>-|\()?\s*(?<cur1>[$€£¥₹]|Rs\.?|[A-Z]{2,3}\$?(?=\s?[\d(-]))?\s*(?<neg2>-)?\s*(?<num>\d{1,3}(?:[ ,.'’\u00A0\u202F]\d{3})+(?:[.,]\d{1,4})?|\d+(?:[.,]\d{1,4})?)(?<neg3>-|\))?\s*(?<cur2>[$€£¥₹]|[A-Z]{3}(?![\p{L}]))?", RegexOptions.CultureInvariant)]
    private static partial Regex AmountPattern();

    public static bool TryFind(string text, out ParsedAmount amount, out int index, out int length) =>
        TryFind(text, 0, out amount, out index, out length);

    private static bool TryFind(string text, int start, out ParsedAmount amount, out int index, out int length)
    {
        for (var m = AmountPattern().Match(text, start); m.Success; m = m.NextMatch())
        {
            // Three capitals that name no currency (INV-2024) are a word before the number, not part of the amount.
            while (m.Success && m.Groups["cur1"].Success && CurrencyCodes.Normalize(m.Groups["cur1"].Value) is null)
                m = AmountPattern().Match(text, m.Groups["num"].Index);
            if (!m.Success)
                break;
            if (IsNotAnAmount(text, m.Groups["num"]))
                continue;
            if (TryNumber(m.Groups["num"].Value, out var value))
            {
                var negative = m.Groups["neg2"].Success
                    || (m.Groups["neg1"].Value == "-" )
                    || (m.Groups["neg1"].Value == "(" && m.Groups["neg3"].Value == ")")
                    || (m.Groups["neg3"].Value == "-");
                var cur = m.Groups["cur1"].Success ? m.Groups["cur1"].Value : m.Groups["cur2"].Success ? m.Groups["cur2"].Value : null;
                var code = cur is null ? null : CurrencyCodes.Normalize(cur);
                amount = new ParsedAmount(negative ? -value : value, code);
                index = m.Index;
                length = m.Length;
                // Likewise after the number (12 PCS): the amount ends before the word.
                if (cur is not null && code is null)
                    length = text.AsSpan(m.Index, m.Groups["cur2"].Index - m.Index).TrimEnd().Length;
                return true;
            }
        }
        amount = default;
        index = length = 0;
        return false;
    }

    /// <summary>A rate (6%), a time (18:31) or part of a date (09/01/2019, 21.05.14) is a number but not an amount.</summary>
    private static bool IsNotAnAmount(string text, Group num)
    {
        var after = num.Index + num.Length;
        while (after < text.Length && text[after] == ' ') after++;
        if (after < text.Length && text[after] == '%')
            return true;
        // "21.05.14" is a date and "1.2.3" a version: a number that goes on, or goes back, with another separator and
        // digits is no amount.
        var next = num.Index + num.Length;
        var prev = num.Index - 1;
        return (next + 1 < text.Length && text[next] is ':' or '/' or '.' or ',' && char.IsAsciiDigit(text[next + 1]))
            || (prev >= 1 && text[prev] is ':' or '/' or '.' or ',' && char.IsAsciiDigit(text[prev - 1]));
    }

    /// <summary>Every amount in the text, in order.</summary>
    public static IEnumerable<(ParsedAmount Amount, int Index, int Length)> FindAll(string text)
    {
        var from = 0;
        while (from < text.Length && TryFind(text, from, out var a, out var i, out var len))
        {
            yield return (a, i, len);
            from = i + Math.Max(len, 1);
        }
    }

    /// <summary>Parses a whole string as an amount; text around the number other than a currency makes it fail.</summary>
    public static bool TryParse(string text, out ParsedAmount amount)
    {
        var t = text.Trim();
        return TryFind(t, out amount, out var i, out var len) && i == 0 && len == t.Length;
    }

    internal static bool TryNumber(string s, out decimal value)
    {
        var digits = new StringBuilder(s.Length);
        var lastComma = s.LastIndexOf(',');
        var lastDot = s.LastIndexOf('.');
        var decimalAt = -1;
        if (lastComma >= 0 && lastDot >= 0)
            decimalAt = Math.Max(lastComma, lastDot);
        else if (lastComma >= 0 || lastDot >= 0)
        {
            var at = Math.Max(lastComma, lastDot);
            var sep = s[at];
            var count = s.Count(c => c == sep);
            var after = s.Length - at - 1;
            var isThousands = count > 1 || (sep == ',' && after == 3);
            decimalAt = isThousands ? -1 : at;
        }
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c)) digits.Append(c);
            else if (i == decimalAt) digits.Append('.');
        }
        return decimal.TryParse(digits.ToString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }
}
