using Quarry.Core.Documents;

namespace Quarry.Core.Extraction.LineItems;

/// <summary>An item table as read: its items, the page and box of its heading and rows (on the first page), and its text.</summary>
public sealed record ItemTableRead(IReadOnlyList<ReadItem> Items, int Page, Box Box, string Text);

/// <summary>
/// The labels of the lines that end a table of items (totals, tax, balance) and of those that only close a section of
/// it: a subtotal may be followed by more items under a new section heading.
/// </summary>
internal static class TableEnd
{
    private static readonly string[][] Labels =
        new[] { FieldIntent.Total, FieldIntent.Tax }
            .SelectMany(FieldSemantics.LabelsFor)
            .Concat(["balance", "amount due", "payment", "discount", "rounding", "thank you", "carried forward", "übertrag",
                "factuur totaal", "facture total", "rechnung gesamt"])
            .Select(FieldLabels.Tokens)
            .ToArray();

    private static readonly string[][] SectionLabels = FieldSemantics.LabelsFor(FieldIntent.Subtotal).Select(FieldLabels.Tokens).ToArray();

    /// <summary>True when the words start with a label that ends the items; <paramref name="words"/> are already normalized.</summary>
    public static bool StartsWithLabel(IReadOnlyList<string> words) => StartsWithAny(words, Labels);

    /// <summary>True when the words start with a subtotal's label.</summary>
    public static bool StartsWithSectionLabel(IReadOnlyList<string> words) => StartsWithAny(words, SectionLabels);

    private static bool StartsWithAny(IReadOnlyList<string> words, string[][] labels) =>
        labels.Any(label => label.Length <= words.Count && label.SequenceEqual(words.Take(label.Length)));
}
