using System.Text.Json.Nodes;
using Quarry.Core.Schemas;
using Quarry.Core.Values;

namespace Quarry.Core.Extraction.Registry;

/// <summary>
/// The order in which an issuer writes day and month, learned from its confirmed dates: 05/02/18 confirmed as 5 February
/// says day first. A document whose own dates do not show the order (every one of them ambiguous) is read in its
/// issuer's learned order instead of being flagged <c>ambiguous_value</c>.
/// </summary>
public sealed partial class FieldRegistry
{
    private const string DayFirstKey = "day_first";

    /// <summary>A layout's order counts after this many confirmed dates that showed it, when at least this share agreed.</summary>
    private const double MinLayoutOrderTests = 2;
    private const double MinLayoutOrderShare = 0.75;

    /// <summary>The organization's order counts for an unrecognised layout only when nearly all of many confirmed dates showed it.</summary>
    private const double MinGlobalOrderTests = 20;
    private const double MinGlobalOrderShare = 0.95;

    /// <summary>One observation per confirmed document: the order under which the printed date reads as the confirmed one.</summary>
    private void LearnDateOrder(DocumentLines doc, RegistryLayout layout, FieldDefinition field, JsonNode truth, DateTimeOffset now)
    {
        if (field.Type is not (FieldType.Date or FieldType.DateTime) || ShownOrder(doc, RegistryValues.Text(truth)) is not { } order)
            return;
        foreach (var level in new[] { layout.Id, RegistryRule.GlobalLayout })
            Count(level, "", RuleKinds.DateOrder, DayFirstKey, order == DateOrder.DayFirst, now);
    }

    /// <summary>The order the document's issuer (or, when its layout is unknown, the organization) was measured to write dates in; null when unsure.</summary>
    public DateOrder? DateOrderOf(LayoutFingerprint fingerprint) => DateOrderOf(StrongMatch(fingerprint));

    /// <summary>The order a layout (or, failing that, the organization) was measured to write dates in; null when unsure.</summary>
    internal DateOrder? DateOrderOf(RegistryLayout? layout)
    {
        if (layout is not null && Decided(layout.Id, MinLayoutOrderTests, MinLayoutOrderShare) is { } own)
            return own;
        return Decided(RegistryRule.GlobalLayout, MinGlobalOrderTests, MinGlobalOrderShare);
    }

    private DateOrder? Decided(string level, double minTests, double minShare)
    {
        if (Record(level, "", RuleKinds.DateOrder, DayFirstKey) is not { } r || r.Tests < minTests)
            return null;
        return r.Accuracy >= minShare ? DateOrder.DayFirst : 1 - r.Accuracy >= minShare ? DateOrder.MonthFirst : null;
    }

    /// <summary>The first span of up to four words that reads as the confirmed date in exactly one order, or shows its order itself (25/12/2018).</summary>
    private static DateOrder? ShownOrder(DocumentLines doc, string truth)
    {
        if (truth.Length < 10)
            return null;
        var want = truth[..10];
        foreach (var row in doc.Rows)
        {
            for (var s = 0; s < row.Line.Words.Count; s++)
            {
                for (var n = 1; n <= MaxSpanWords && s + n <= row.Line.Words.Count; n++)
                {
                    var text = DocumentLines.Text(row.Line, s, n);
                    if (!text.Any(char.IsDigit))
                        break;
                    var dayFirst = DateValue.TryParse(text, DateOrder.DayFirst, out var d) && NormalizePhase.Iso(d.Date) == want;
                    var monthFirst = DateValue.TryParse(text, DateOrder.MonthFirst, out var m) && NormalizePhase.Iso(m.Date) == want;
                    if (dayFirst != monthFirst)
                        return dayFirst ? DateOrder.DayFirst : DateOrder.MonthFirst;
                    if (dayFirst && DateValue.InferOrder(text) is { } shown)
                        return shown;
                    if (dayFirst)
                        break;
                }
            }
        }
        return null;
    }
}
