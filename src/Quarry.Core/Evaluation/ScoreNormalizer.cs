using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Quarry.Core.Schemas;

namespace Quarry.Core.Evaluation;

/// <summary>
/// How a predicted value is compared with the truth, field type by field type — the rules of the datasets' reference
/// scorer (<c>tools/score.py</c>), so <c>quarry eval</c> reports the same figures: strings upper-cased with
/// punctuation dropped and whitespace collapsed, dates by their YYYY-MM-DD, amounts to the cent, durations by
/// months and days, IBANs without spaces.
/// </summary>
public static partial class ScoreNormalizer
{
    [GeneratedRegex(@"[^\w\s]")]
    private static partial Regex Punctuation();

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")]
    private static partial Regex Duration();

    public static string Normalize(FieldType type, JsonElement value) => type switch
    {
        FieldType.Date or FieldType.DateTime => IsoDate().Match(Text(value)) is { Success: true } m ? m.Value : "?" + Str(value),
        FieldType.Number or FieldType.Integer or FieldType.CurrencyAmount or FieldType.Percentage => Number(value),
        FieldType.Duration => DurationKey(value),
        FieldType.Iban => string.Concat(Text(value).Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant(),
        FieldType.CurrencyCode => Text(value).Trim().ToUpperInvariant(),
        _ => Str(value),
    };

    /// <summary>Python's str() of a JSON value, which the reference applies before normalizing.</summary>
    public static string Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        JsonValueKind.Number => PythonNumber(v),
        _ => v.GetRawText(),
    };

    public static string Str(JsonElement v) => Str(Text(v));

    public static string Str(string s)
    {
        var upper = s.Normalize(NormalizationForm.FormKC).ToUpperInvariant();
        return string.Join(' ', Punctuation().Replace(upper, " ").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    public static bool IsEmpty(JsonElement v) =>
        v.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
        || (v.ValueKind == JsonValueKind.String && v.GetString()!.Length == 0)
        || (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 0);

    private static string Number(JsonElement v)
    {
        var t = Text(v).Replace(",", "", StringComparison.Ordinal).Trim();
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            return Math.Round(d, 2, MidpointRounding.ToEven).ToString("R", CultureInfo.InvariantCulture);
        return "?" + Str(v);
    }

    private static string DurationKey(JsonElement v)
    {
        var m = Duration().Match(Text(v).Trim().ToUpperInvariant());
        if (!m.Success || Enumerable.Range(1, 4).All(i => !m.Groups[i].Success))
            return "?" + Str(v);
        int G(int i) => m.Groups[i].Success ? int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{G(1) * 12 + G(2)}m{G(3) * 7 + G(4)}d");
    }

    private static string PythonNumber(JsonElement v)
    {
        // json.loads gives int for integral literals and float otherwise; str(float) prints at least one decimal.
        var raw = v.GetRawText();
        if (!raw.Contains('.', StringComparison.Ordinal) && !raw.Contains('e', StringComparison.OrdinalIgnoreCase))
            return raw;
        var d = v.GetDouble();
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.', StringComparison.Ordinal) || s.Contains('E', StringComparison.Ordinal) ? s : s + ".0";
    }
}
