using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Quarry.Core.Schemas;
using Quarry.Core.Values;

namespace Quarry.Core.Extraction;

/// <summary>Finds a value of a field's type inside a piece of text: where it starts, how long it is, and how strict the match was.</summary>
public readonly record struct TypedMatch(int Index, int Length, double Strictness);

public static partial class TypedMatchers
{
    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"\bhttps?://[^\s<>""]+|\bwww\.[^\s<>""]+\.[a-z]{2,}[^\s<>""]*", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")]
    private static partial Regex Iban();

    [GeneratedRegex(@"(?<![\w+])(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{1,5}\)[\s.\-]?)?\d{2,5}(?:[\s.\-]\d{2,5}){1,4}(?!\w)")]
    private static partial Regex Phone();

    // Codes, symbols, and the short currency words that prefix amounts ("Rs 1939", "RM 9.00") — those only before a number.
    [GeneratedRegex(@"(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])|[$€£¥₹]|(?<![A-Za-z])(?:Rs\.?|RM|R\$|kr|zł)(?=\s?[\d(-])")]
    private static partial Regex Currency();

    [GeneratedRegex(@"\b(yes|no|true|false|ja|nein|oui|non|si|sí|y|n)\b|[☑☒✓✔✗✘]", RegexOptions.IgnoreCase)]
    private static partial Regex Boolean();

    [GeneratedRegex(@"-?\d+(?:[.,]\d+)?\s?%")]
    private static partial Regex Percent();

    public static TypedMatch? Find(FieldDefinition field, string text, DateOrder dateOrder)
    {
        switch (field.Type)
        {
            case FieldType.Date:
            case FieldType.DateTime:
                return DateValue.TryFind(text, dateOrder, out _, out var di, out var dl) ? new TypedMatch(di, dl, 0.95) : null;
            case FieldType.Number:
            case FieldType.Integer:
            case FieldType.CurrencyAmount:
                return FindAmount(text);
            case FieldType.Percentage:
                return FromRegex(Percent(), text, 0.95) ?? (AmountValue.TryFind(text, out _, out var pi, out var pl) ? new TypedMatch(pi, pl, 0.7) : null);
            case FieldType.Email:
                return FromRegex(Email(), text, 1.0);
            case FieldType.Url:
                return FromRegex(Url(), text, 0.95);
            case FieldType.Iban:
                // An IBAN is only one when its checksum holds: account numbers and references look alike.
                for (var m = Iban().Match(text); m.Success; m = m.NextMatch())
                {
                    if (IbanValue.IsValid(m.Value))
                        return new TypedMatch(m.Index, m.Length, 0.95);
                }
                return null;
            case FieldType.Phone:
                return FromRegex(Phone(), text, 0.8);
            case FieldType.CurrencyCode:
                for (var m = Currency().Match(text); m.Success; m = m.NextMatch())
                {
                    if (CurrencyCodes.Normalize(m.Value) is not null)
                        return new TypedMatch(m.Index, m.Length, 0.9);
                }
                return null;
            case FieldType.Boolean:
                return FromRegex(Boolean(), text, 0.8);
            case FieldType.Enum:
                return FindEnum(field, text);
            case FieldType.Duration:
                return FindDuration(text);
            default:
                var trimmed = text.Trim();
                return trimmed.Length == 0 ? null : new TypedMatch(text.IndexOf(trimmed, StringComparison.Ordinal), trimmed.Length, 0.75);
        }
    }

    /// <summary>
    /// The amount a label announces: the first one written with cents ("TOTAL ITEMS 2 190.00" reads 190.00), else the
    /// first number. A lone integer is a weaker match than money with cents.
    /// </summary>
    private static TypedMatch? FindAmount(string text)
    {
        // "Tax 15% on $ 112.90   $ 16.94": an amount after "on" is the base the rate applies to, not the amount announced.
        var all = AmountValue.FindAll(text).Where(a => !IsBaseAmount(text, a.Index)).ToList();
        if (all.Count == 0) return null;
        var withCents = all.FirstOrDefault(a => a.Amount.Value != decimal.Truncate(a.Amount.Value) || HasDecimals(text, a.Index, a.Length));
        return withCents.Length > 0 ? new TypedMatch(withCents.Index, withCents.Length, 0.9) : new TypedMatch(all[0].Index, all[0].Length, 0.75);

        static bool HasDecimals(string t, int i, int len)
        {
            var s = t.AsSpan(i, len).TrimEnd();
            var sep = s.LastIndexOfAny('.', ',');
            return sep >= 0 && s.Length - sep - 1 is 2;
        }
    }

    // An optional short capital prefix set apart by a space ("INV 1", "F 1234/12"), then a token holding a digit.
    [GeneratedRegex(@"(?<![\w/#\-])(?:[A-Z]{1,4} (?=\d))?#?[A-Za-z0-9][A-Za-z0-9/_\-.]*\d[A-Za-z0-9/_\-.]*|(?<![\w/#\-])[A-Z]{1,4} \d")]
    private static partial Regex IdentifierToken();

    /// <summary>
    /// A document number: the first token with a digit in it ("INV/2023/03/0008", "562044387" in "562044387 du 02
    /// Juillet 2015"), not a date and not an amount with cents.
    /// </summary>
    public static TypedMatch? FindIdentifier(string text)
    {
        for (var m = IdentifierToken().Match(text); m.Success; m = m.NextMatch())
        {
            var token = m.Value.TrimEnd('.', '-', '/');
            if (token.Length < 3 && !token.Contains(' ', StringComparison.Ordinal) || DateValue.TryParse(token, DateOrder.DayFirst, out _) || AmountValue.TryParse(token, out var a) && a.Value != decimal.Truncate(a.Value))
                continue;
            return new TypedMatch(m.Index, token.Length, 0.9);
        }
        return null;
    }

    private static readonly string[] BaseMarkers = ["on", "auf", "sur", "over", "op"];

    /// <summary>True when the word before the amount (past a currency symbol or code) is "on" or its translation.</summary>
    private static bool IsBaseAmount(string text, int index)
    {
        var (before, word) = LastWord(text[..index].TrimEnd().TrimEnd('$', '€', '£', '¥', '₹').TrimEnd());
        if (CurrencyCodes.Normalize(word) is not null && before.Length > 0)
            (_, word) = LastWord(before);
        return BaseMarkers.Contains(word, StringComparer.OrdinalIgnoreCase);

        static (string Before, string Word) LastWord(string s)
        {
            var cut = s.LastIndexOf(' ');
            return cut < 0 ? ("", s) : (s[..cut].TrimEnd(), s[(cut + 1)..]);
        }
    }

    /// <summary>Types distinctive enough to be found without a label.</summary>
    public static bool IsSelfEvident(FieldType type) =>
        type is FieldType.Email or FieldType.Url or FieldType.Iban or FieldType.Date or FieldType.CurrencyCode;

    private static TypedMatch? FindEnum(FieldDefinition field, string text)
    {
        foreach (var v in field.Enum ?? [])
        {
            var i = text.IndexOf(v, StringComparison.OrdinalIgnoreCase);
            if (i >= 0)
                return new TypedMatch(i, v.Length, 0.9);
        }
        var trimmed = text.Trim();
        return trimmed.Length == 0 ? null : new TypedMatch(text.IndexOf(trimmed, StringComparison.Ordinal), trimmed.Length, 0.5);
    }

    private static TypedMatch? FromRegex(Regex regex, string text, double strictness)
    {
        var m = regex.Match(text);
        return m.Success ? new TypedMatch(m.Index, m.Length, strictness) : null;
    }

    /// <summary>The JSON form of a phase-1 value before normalization: the text as found.</summary>
    public static JsonNode RawValue(string text) => JsonValue.Create(text)!;

    /// <summary>
    /// The duration a label announces stands right after it ("Term: two (2) years"). A label met in running text ("the
    /// term 'Confidential Information' includes …") is followed by prose that does not state one: no value, so a
    /// sentence that does (<see cref="TermHeuristic"/>) is not outranked by text that cannot be read as a duration.
    /// </summary>
    private static TypedMatch? FindDuration(string text)
    {
        if (!DurationValue.TryFind(text, out _, out var index, out var length))
            return null;
        var wordsBefore = text[..index].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return wordsBefore <= 3 ? new TypedMatch(index, length, wordsBefore == 0 ? 0.95 : 0.8) : null;
    }
}
