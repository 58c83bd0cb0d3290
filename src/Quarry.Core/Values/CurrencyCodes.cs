namespace Quarry.Core.Values;

/// <summary>ISO 4217 codes and the symbols and words that stand for them.</summary>
public static class CurrencyCodes
{
    private static readonly HashSet<string> Codes = new(StringComparer.Ordinal)
    {
        "AED", "ARS", "AUD", "BDT", "BGN", "BHD", "BRL", "CAD", "CHF", "CLP", "CNY", "COP", "CZK", "DKK", "EGP",
        "EUR", "GBP", "HKD", "HUF", "IDR", "ILS", "INR", "ISK", "JPY", "KES", "KRW", "KWD", "LKR", "MAD", "MXN",
        "MYR", "NGN", "NOK", "NZD", "OMR", "PEN", "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "RUB", "SAR", "SEK",
        "SGD", "THB", "TRY", "TWD", "UAH", "USD", "VND", "ZAR",
    };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["$"] = "USD", ["US$"] = "USD", ["dollar"] = "USD", ["dollars"] = "USD",
        ["€"] = "EUR", ["euro"] = "EUR", ["euros"] = "EUR",
        ["£"] = "GBP", ["pound"] = "GBP", ["pounds"] = "GBP",
        ["¥"] = "JPY", ["yen"] = "JPY",
        ["₹"] = "INR", ["rs"] = "INR", ["rs."] = "INR", ["rupees"] = "INR",
        ["rm"] = "MYR", ["ringgit"] = "MYR",
        ["zł"] = "PLN", ["zl"] = "PLN",
        ["fr."] = "CHF", ["sfr"] = "CHF",
        ["kr"] = "SEK", ["r$"] = "BRL", ["c$"] = "CAD", ["a$"] = "AUD", ["s$"] = "SGD",
    };

    public static bool IsCode(string code) => Codes.Contains(code);

    /// <summary>The ISO code for a code, symbol or currency word, or null when it names no currency Quarry knows.</summary>
    public static string? Normalize(string text)
    {
        var t = text.Trim();
        if (Codes.Contains(t.ToUpperInvariant()))
            return t.ToUpperInvariant();
        return Aliases.TryGetValue(t, out var code) ? code : null;
    }
}
