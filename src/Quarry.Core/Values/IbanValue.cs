
namespace Quarry.Core.Values;

/// <summary>IBAN check: two letters, two check digits, up to 30 alphanumerics, and the ISO 13616 mod-97 checksum.</summary>
public static class IbanValue
{
    public static bool IsValid(string text)
    {
        var s = string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        if (s.Length is < 15 or > 34 || !char.IsAsciiLetter(s[0]) || !char.IsAsciiLetter(s[1]) || !char.IsAsciiDigit(s[2]) || !char.IsAsciiDigit(s[3]))
            return false;
        if (!s.All(char.IsAsciiLetterOrDigit))
            return false;
        var rearranged = s[4..] + s[..4];
        var remainder = 0;
        foreach (var c in rearranged)
        {
            var v = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = v >= 10 ? (remainder * 100 + v) % 97 : (remainder * 10 + v) % 97;
        }
        return remainder == 1;
    }
}
