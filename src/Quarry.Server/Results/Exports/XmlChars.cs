using System.Text;

namespace Quarry.Server.Results.Exports;

/// <summary>XML 1.0 cannot hold control characters or lone surrogates; text read from documents can. They become U+FFFD.</summary>
public static class XmlChars
{
    public static string Clean(string s)
    {
        if (IsClean(s))
            return s;
        var b = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                b.Append(c).Append(s[++i]);
                continue;
            }
            b.Append(IsAllowed(c) ? c : '\uFFFD');
        }
        return b.ToString();
    }

    private static bool IsClean(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                i++;
            else if (!IsAllowed(c))
                return false;
        }
        return true;
    }

    private static bool IsAllowed(char c) =>
        c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
}
