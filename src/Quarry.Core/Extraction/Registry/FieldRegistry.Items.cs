using System.Text.Json.Nodes;
using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction.Registry;

/// <summary>
/// Arrays of text values (parties): global item rules learned from the words around each confirmed item
/// (<see cref="ItemContext"/>), tested like label rules — every item a rule reads on a confirmed document counts a test,
/// right when it is one of the confirmed items — and one record per field of how often the whole array read was exactly
/// right, which is the cell's confidence.
/// </summary>
public sealed partial class FieldRegistry
{
    /// <summary>
    /// Item rules right less often than this read nothing. Each item is scored on its own, so an item right more often
    /// than not adds to what a reviewer sees; a weaker rule mostly adds wrong names.
    /// </summary>
    public const double MinItemAccuracy = 0.5;

    public static bool IsTextArray(FieldDefinition field) =>
        field.Type == FieldType.Array && field.Items is { Fields: null, ScalarType: null or FieldType.String };

    private void LearnItems(DocumentLines doc, FieldDefinition field, JsonNode truth, DateTimeOffset now)
    {
        var items = ItemContext.Items(truth);
        if (items.Count == 0)
            return;
        var words = ItemContext.Words(doc);

        // Test first: the array the registry would fill, then every item rule on its own.
        if (ReadItems(words, field.Name) is { Count: > 0 } read)
        {
            Count(RegistryRule.GlobalLayout, field.Name, RuleKinds.ItemFill, "", read.Select(r => r.Norm).ToHashSet(StringComparer.Ordinal).SetEquals(items), now);
        }
        foreach (var rule in ItemRules(field.Name).ToList())
        {
            foreach (var r in ItemContext.ReadAll(words, rule))
            {
                rule.Observe(items.Contains(r.Norm), now);
                _dirtyRules.Add(rule);
            }
        }

        foreach (var item in items)
        {
            foreach (var (start, count) in ItemContext.Locate(words, item).Take(LocationsLearned))
            {
                if (count > ItemContext.MaxItemWords || ItemContext.Key(words, start, count) is not { } key)
                    continue;
                Upsert(new RegistryRule
                {
                    Layout = RegistryRule.GlobalLayout, Field = field.Name, Kind = RuleKinds.Item, Key = key,
                    Shape = ItemContext.Shape(words, start, count), Words = count, Seen = 1, Right = 1, UpdatedAt = now,
                });
            }
        }
    }

    private IEnumerable<RegistryRule> ItemRules(string field) => RulesOf(RegistryRule.GlobalLayout, field).Where(r => r.Kind == RuleKinds.Item);

    /// <summary>The items tested rules read, most accurate rule first, one per normalized name, in document order.</summary>
    private List<ItemContext.Read> ReadItems(IReadOnlyList<ItemContext.Word> words, string field)
    {
        var seen = new Dictionary<string, ItemContext.Read>(StringComparer.Ordinal);
        foreach (var rule in ItemRules(field).Where(r => r.Tests >= MinGlobalSeen && r.Accuracy >= MinItemAccuracy)
                     .OrderByDescending(r => r.Accuracy).ThenBy(r => r.Identity, StringComparer.Ordinal))
        {
            foreach (var r in ItemContext.ReadAll(words, rule))
                seen.TryAdd(r.Norm, r);
        }
        return [.. seen.Values.OrderBy(r => r.Start)];
    }

    /// <summary>The registry's cell for an array of text values, or null when no tested rule reads an item.</summary>
    internal Cell? FillItems(DocumentLines doc, FieldDefinition field)
    {
        var fill = Record(RegistryRule.GlobalLayout, field.Name, RuleKinds.ItemFill, "");
        // No floor on the whole array's accuracy (unlike MinConfidence for one value): items are right or wrong one by
        // one, each item rule already passed MinItemAccuracy, and a low confidence sends the row to review.
        if (fill is null)
            return null;
        var words = ItemContext.Words(doc);
        var read = ReadItems(words, field.Name);
        if (read.Count == 0)
            return null;
        var first = words[read[0].Start];
        var score = Math.Round(fill.Accuracy, 4);
        var value = new JsonArray(read.Select(r => (JsonNode)JsonValue.Create(r.Raw)!).ToArray());
        return new Cell(value, string.Join("; ", read.Select(r => r.Raw)), score, PhaseNames.Resolve,
            new CellSource(first.Row.Page.Number, first.Row.Line.Box, first.Row.Line.Text) { Kind = EvidenceKinds.Registry },
            Evidence: new Evidence(EvidenceKinds.Registry, score));
    }
}
