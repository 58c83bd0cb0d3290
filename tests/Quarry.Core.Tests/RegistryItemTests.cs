using System.Text.Json.Nodes;
using Quarry.Core.Documents;
using Quarry.Core.Extraction;
using Quarry.Core.Extraction.Registry;
using Quarry.Core.Schemas;

namespace Quarry.Core.Tests;

/// <summary>The Field Registry on arrays of text values: items learned from the words around them, and tested before they fill.</summary>
public sealed class RegistryItemTests
{
    private static readonly FieldDefinition Party = new("party", FieldType.Array, Items: new ArrayItems(FieldType.String, null));
    private static readonly DateTimeOffset Now = new(2024, 9, 14, 10, 0, 0, TimeSpan.Zero);

    private static readonly string[] Names =
    [
        "Alpha Widgets", "Brook Labs", "Cedar Holdings", "Delta Mining", "Ember Foods", "Fjord Shipping", "Garnet Media",
        "Harbor Trust", "Iris Software", "Juniper Farms", "Kestrel Energy", "Lumen Optics", "Maple Textiles", "Nimbus Air",
        "Onyx Metals", "Pike Robotics",
    ];

    private static DocumentContent Doc(params string[] lines) => LinePages.Of(lines);

    // A different heading per document, so nothing is learned per layout: what carries over is global.
    private static DocumentContent Agreement(int i, string a, string b) => Doc(
        $"AGREEMENT NUMBER {i}",
        $"This agreement is made between {a}, Inc., a Nevada corporation, and {b} Ltd., a Texas company.",
        "Each party keeps the other's information secret.");

    private static Dictionary<string, JsonNode?> Parties(params string[] names) =>
        new() { ["party"] = new JsonArray(names.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()) };

    private static FieldRegistry Learned(int documents)
    {
        var registry = FieldRegistry.Empty;
        for (var i = 0; i < documents; i++)
        {
            var (a, b) = (Names[i % Names.Length], Names[(i + 5) % Names.Length]);
            registry.Learn([Party], Agreement(i, a, b), Parties(a + " Inc.", b + " Ltd."), Now.AddDays(i));
        }
        return registry;
    }

    [Fact]
    public void Parties_are_read_from_the_words_around_confirmed_items_once_the_rules_were_tested()
    {
        // Ten tests make a global rule fill; until then the array is not filled from the registry.
        Assert.Null(Learned(5).Prepare(Agreement(99, "Quartz Paper", "Rowan Glass")).Fill(Party));

        var registry = Learned(14);
        var cell = registry.Prepare(Agreement(99, "Quartz Paper", "Rowan Glass")).Fill(Party);
        Assert.NotNull(cell);
        Assert.Equal(["Quartz Paper, Inc.", "Rowan Glass Ltd."], cell.Value!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(EvidenceKinds.Registry, cell.Evidence!.Kind);
        // The confidence is how often the whole array read was right on the documents after the rules qualified (3 of 3).
        var fill = registry.Rules.Single(r => r.Kind == RuleKinds.ItemFill);
        Assert.Equal((3.0, 3.0), (fill.Tests, fill.Hits));
        Assert.Equal(0.8, cell.Confidence);
    }

    [Fact]
    public void A_context_that_mostly_surrounds_other_words_reads_nothing()
    {
        var registry = FieldRegistry.Empty;
        for (var i = 0; i < 14; i++)
        {
            var name = Names[i % Names.Length];
            // "to …, a" precedes the party once and two departments twice: right a third of the time.
            var doc = Doc($"LETTER {i}", $"Notice to {name}, a client.", "Copy to Records Office, a unit.", "Copy to Legal Desk, a unit.");
            registry.Learn([Party], doc, Parties(name), Now.AddDays(i));
        }
        var rule = registry.Rules.Single(r => r.Kind == RuleKinds.Item);
        Assert.True(rule.Accuracy < FieldRegistry.MinItemAccuracy);
        Assert.Null(registry.Prepare(Doc("LETTER 99", "Notice to Quartz Paper, a client.", "Copy to Records Office, a unit.")).Fill(Party));
    }

    [Fact]
    public void An_item_does_not_run_past_a_closing_parenthesis()
    {
        var registry = Learned(14);
        // "Quartz (Seller). Rowan, Inc." ends at ", a" too, but a name that holds a parenthesis is not one name.
        var doc = Doc("AGREEMENT NUMBER 99", "This agreement is made between Quartz (Seller). Rowan, Inc., a Nevada corporation.");
        Assert.Null(registry.Prepare(doc).Fill(Party));
    }
}
