using System.Text;

namespace Quarry.Core.Extraction.Registry;

/// <summary>
/// A value's shape: digits become <c>9</c>, letters <c>A</c>, everything else stays (<c>INV-2024-001</c> → <c>AAA-9999-999</c>).
/// Values of one kind printed by one issuer share a shape; the compact form (runs of one class folded) lets an amount
/// of 31.00 and one of 131.00 match.
/// </summary>
public static class ValueShape
{
    public static string Of(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text.Trim())
            sb.Append(char.IsDigit(ch) ? '9' : char.IsLetter(ch) ? 'A' : char.IsWhiteSpace(ch) ? ' ' : ch);
        return sb.ToString();
    }

    public static string Compact(string shape)
    {
        var sb = new StringBuilder(shape.Length);
        foreach (var ch in shape)
        {
            if (sb.Length > 0 && sb[^1] == ch && ch is '9' or 'A' or ' ')
                continue;
            sb.Append(ch);
        }
        return sb.ToString();
    }

    public static bool Matches(string? learned, string text) =>
        learned is null || Compact(learned) == Compact(Of(text));
}
