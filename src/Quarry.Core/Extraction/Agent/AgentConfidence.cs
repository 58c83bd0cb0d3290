using System.Text.Json;
using System.Text.Json.Nodes;
using Quarry.Core.Schemas;
using Quarry.Core.Values;

namespace Quarry.Core.Extraction.Agent;

/// <summary>
/// The confidence of a model's grounded value, from what can be checked: how exactly its quote was found, whether the
/// value is in the quote, how long (how specific) the quote is, and whether phase 1 found the same value.
/// </summary>
/// <remarks>
/// These are priors, not a fitted curve: no labelled model runs exist yet to calibrate them. They keep an agent value
/// below a reviewer's default threshold (0.8) unless the quote is exact and phase 1 agrees, or the quote is exact, long
/// and holds the value.
/// </remarks>
public static class AgentConfidence
{
    public static double Of(QuoteMatch match, FieldAnswer answer, string quote)
    {
        var c = 0.55 + 0.3 * match.Quality;
        if (!ValueInQuote(answer.Value, quote))
            c *= 0.7;
        // A quote of a few characters ("5") is found almost anywhere: it proves little.
        c *= 0.8 + 0.2 * Math.Min(1.0, QuoteLocator.Fold(quote).Length / 12.0);
        return Math.Round(c, 4);
    }

    /// <summary>Agreement with phase 1 makes both more likely right: the chances of both being wrong multiply.</summary>
    public static double Agreeing(double agent, double phase1) => Math.Round(Math.Min(0.98, 1 - (1 - agent) * (1 - phase1)), 4);

    /// <summary>Whether the value's letters and digits appear in the quote (true for values that cannot be checked so: booleans, lists).</summary>
    public static bool ValueInQuote(JsonNode? value, string quote)
    {
        if (value is not JsonValue v)
            return true;
        var kind = v.GetValueKind();
        if (kind is JsonValueKind.True or JsonValueKind.False)
            return true;
        var text = QuoteLocator.Fold(kind == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString());
        var folded = QuoteLocator.Fold(quote);
        // 1234.5 is in "1.234,50": compare the digits without trailing zeros.
        return folded.Contains(text, StringComparison.Ordinal) || (kind == JsonValueKind.Number && folded.Contains(text.TrimEnd('0'), StringComparison.Ordinal));
    }

    /// <summary>
    /// Whether two values of <paramref name="field"/> are the same once both are read as the field's type: numbers by
    /// value, anything else by its letters and digits (case, spacing and punctuation aside).
    /// </summary>
    public static bool SameValue(FieldDefinition field, JsonNode? a, JsonNode? b)
    {
        var ta = NormalizePhase.TextOf(a);
        var tb = NormalizePhase.TextOf(b);
        if (field.Type != FieldType.Array)
        {
            var na = NormalizePhase.Normalize(field, ta, DateOrder.DayFirst).Value;
            var nb = NormalizePhase.Normalize(field, tb, DateOrder.DayFirst).Value;
            if (na is not null && nb is not null)
            {
                if (na.GetValueKind() == JsonValueKind.Number && nb.GetValueKind() == JsonValueKind.Number)
                    return na.GetValue<decimal>() == nb.GetValue<decimal>();
                (ta, tb) = (NormalizePhase.TextOf(na), NormalizePhase.TextOf(nb));
            }
        }
        return QuoteLocator.Fold(ta) == QuoteLocator.Fold(tb);
    }
}
