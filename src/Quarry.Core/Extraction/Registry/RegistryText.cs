using System.Security.Cryptography;
using System.Text;

namespace Quarry.Core.Extraction.Registry;

/// <summary>Text as the registry compares it: case, punctuation and spacing never make two readings of one word differ.</summary>
public static class RegistryText
{
    /// <summary>Lowercase letters and digits, every other run of characters one space.</summary>
    public static string Norm(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var ch in text)
        {
            if (char.IsLetterOrDigit(ch))
            {
                if (space && sb.Length > 0) sb.Append(' ');
                sb.Append(char.ToLowerInvariant(ch));
                space = false;
            }
            else
                space = true;
        }
        return sb.ToString();
    }

    public static string[] Tokens(string text) => Norm(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A stable short hash (12 hex characters of SHA-256): the same text gives the same key on every machine and run.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];

    public static int Letters(string text) => text.Count(char.IsLetter);
}
