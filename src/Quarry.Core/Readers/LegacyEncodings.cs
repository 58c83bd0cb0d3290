using System.Text;

namespace Quarry.Core.Readers;

/// <summary>
/// Code-page encodings (Windows-1252 and the ones old Excel files name) are not built into .NET; they come from
/// <see cref="CodePagesEncodingProvider"/>, which must be registered once before the first use.
/// </summary>
public static class LegacyEncodings
{
    static LegacyEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Makes sure the provider is registered (a no-op after the first call).</summary>
    public static void Register()
    {
        // The static constructor does the work; this member only gives callers a way to trigger it.
    }

    /// <summary>The "ANSI" encoding of Western Windows, what a text file that is not UTF-8 most likely is.</summary>
    public static Encoding Windows1252 => Encoding.GetEncoding(1252);
}
