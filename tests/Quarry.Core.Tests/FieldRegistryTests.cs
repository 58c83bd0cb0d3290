using System.Text.Json.Nodes;
using Quarry.Core.Documents;
using Quarry.Core.Extraction;
using Quarry.Core.Extraction.Registry;
using Quarry.Core.Schemas;

namespace Quarry.Core.Tests;

/// <summary>The Field Registry in memory: fingerprints, learning, transfer, and rules that start failing.</summary>
public sealed class FieldRegistryTests
{
    private static readonly FieldDefinition Ref = new("ref", FieldType.String);
    private static readonly FieldDefinition Total = new("total", FieldType.CurrencyAmount);
    private static readonly DateTimeOffset Now = new(2024, 9, 14, 10, 0, 0, TimeSpan.Zero);

    private static DocumentContent Doc(params string[] lines) => LinePages.Of(lines);

    private static DocumentContent Supplier(string name, string id, string reference, string total) =>
        Doc(name + " TRADING", $"GST REG NO: {id}", $"Cust ref: {reference}", $"Total: {total}");

    private static Dictionary<string, JsonNode?> Known(string reference, decimal total) => new() { ["ref"] = reference, ["total"] = total };

    [Fact]
    public void A_fingerprint_is_the_same_for_two_documents_of_one_issuer_and_differs_for_another()
    {
        var a = LayoutFingerprint.Of(Supplier("ACME", "001234567", "R-1", "10.00"));
        var b = LayoutFingerprint.Of(Supplier("ACME", "001234567", "R-2", "99.00"));
        var c = LayoutFingerprint.Of(Supplier("BETA", "009876543", "R-1", "10.00"));
        Assert.Equal(a.Id, b.Id);
        Assert.Equal(a.Keys, b.Keys);
        Assert.NotEqual(a.Id, c.Id);
    }

    [Fact]
    public void What_one_document_teaches_fills_the_next_of_its_layout_with_the_rules_accuracy_and_not_another_layout()
    {
        var registry = FieldRegistry.Empty;
        registry.Learn([Ref, Total], Supplier("ACME", "001234567", "AB-100", "10.00"), Known("AB-100", 10m), Now);

        var cell = registry.Prepare(Supplier("ACME", "001234567", "AB-200", "12.50")).Fill(Ref);
        Assert.NotNull(cell);
        Assert.Equal(EvidenceKinds.Registry, cell.Evidence!.Kind);
        Assert.Equal(EvidenceKinds.Registry, cell.Source!.Kind);
        // The example a rule was learned from proves nothing about it: untested, it is a coin toss (0.5), not 2/3.
        Assert.Equal(0.5, cell.Confidence);
        Assert.Null(registry.Prepare(Supplier("BETA", "009876543", "XY-1", "3.00")).Layout);

        registry.Learn([Ref, Total], Supplier("ACME", "001234567", "AB-200", "12.50"), Known("AB-200", 12.5m), Now);
        registry.Learn([Ref, Total], Supplier("ACME", "001234567", "AB-300", "7.00"), Known("AB-300", 7m), Now);
        var rule = registry.Rules.Single(r => r.Layout != RegistryRule.GlobalLayout && r.Field == "ref" && r.Kind == RuleKinds.Label);
        Assert.Equal((2.0, 2.0, 0.75), (rule.Tests, rule.Hits, rule.Accuracy));
    }

    private static readonly FieldDefinition Region = new("region", FieldType.String);

    [Fact]
    public void A_layout_whose_value_changed_lends_a_new_constant_less_confidence_than_a_layout_whose_value_held()
    {
        // A field the page does not print: only the layout's constant can fill it. ACME's held, BETA's changed once.
        var registry = FieldRegistry.Empty;
        foreach (var (name, id, region) in new[] { ("ACME", "001234567", "North"), ("ACME", "001234567", "North"), ("ACME", "001234567", "North"),
                     ("BETA", "009876543", "East"), ("BETA", "009876543", "East"), ("BETA", "009876543", "West") })
            registry.Learn([Region], Supplier(name, id, "R-1", "1.00"), new Dictionary<string, JsonNode?> { ["region"] = region }, Now);

        var held = registry.Prepare(Supplier("ACME", "001234567", "R-2", "2.00")).Fill(Region)!;
        var changed = registry.Prepare(Supplier("BETA", "009876543", "R-2", "2.00")).Fill(Region);
        Assert.Equal("North", held.Value!.GetValue<string>());
        Assert.True(changed is null || changed.Confidence < held.Confidence - 0.2, $"changed {changed?.Confidence}, held {held.Confidence}");
    }

    [Fact]
    public void A_rule_that_starts_failing_loses_weight_and_a_newer_value_wins_a_contradiction()
    {
        var registry = FieldRegistry.Empty;
        for (var i = 0; i < 3; i++)
            registry.Learn([Ref], Supplier("ACME", "001234567", "AB-100", "1.00"), Known("AB-100", 1m), Now.AddDays(i));
        var old = registry.Rules.Single(r => r.Kind == RuleKinds.Constant && r.Layout != RegistryRule.GlobalLayout);
        var before = old.Accuracy;
        registry.Learn([Ref], Supplier("ACME", "001234567", "AB-999", "1.00"), Known("AB-999", 1m), Now.AddDays(5));
        registry.Learn([Ref], Supplier("ACME", "001234567", "AB-999", "1.00"), Known("AB-999", 1m), Now.AddDays(6));
        Assert.True(old.Accuracy < before);
        var constants = registry.Rules.Where(r => r.Kind == RuleKinds.Constant).OrderByDescending(r => r.Accuracy).ToList();
        Assert.Equal("\"AB-999\"", constants[0].Value);
    }

    [Fact]
    public void A_layout_that_never_showed_an_id_does_not_match_a_page_with_the_same_heading_and_an_id()
    {
        var registry = FieldRegistry.Empty;
        DocumentContent NoId(string reference) => Doc("GOLDEN DRAGON RESTAURANT", "SELF SERVICE COUNTER", $"Cust ref: {reference}", "Total: 5.00");
        registry.Learn([Ref], NoId("AB-1"), Known("AB-1", 5m), Now);
        registry.Learn([Ref], NoId("AB-2"), Known("AB-2", 5m), Now);
        Assert.NotNull(registry.Prepare(NoId("AB-3")).Layout);

        var franchise = Doc("GOLDEN DRAGON RESTAURANT", "SELF SERVICE COUNTER", "GST REG NO: 001122334455", "Cust ref: ZZ-9", "Total: 5.00");
        Assert.Null(registry.Prepare(franchise).Layout);
    }

    [Fact]
    public void A_field_a_layout_never_repeats_stops_collecting_constants_and_labels_are_not_part_of_a_value()
    {
        var registry = FieldRegistry.Empty;
        for (var i = 0; i < 12; i++)
        {
            var total = 10m + i;
            registry.Learn([Ref, Total], Supplier("ACME", "001234567", $"AB-{i}", total.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)),
                Known($"AB-{i}", total), Now.AddDays(i));
        }
        var layout = registry.Layouts.Single().Id;
        Assert.InRange(registry.Rules.Count(r => r.Layout == layout && r.Field == "total" && r.Kind == RuleKinds.Constant), 1, 5);
        // "Total: 12.50" reads as 12.50 too, but the value's rule is the label "total" with the shape of a bare amount.
        var global = registry.Rules.Where(r => r.Layout == RegistryRule.GlobalLayout && r.Field == "total" && r.Kind != RuleKinds.Constancy).ToList();
        Assert.Equal("total", Assert.Single(global).Key);
        Assert.DoesNotContain(global, r => r.Shape!.Any(char.IsLetter));
    }

    [Theory]
    [InlineData("INV-2024-001", "AAA-9999-999", "A-9-9")]
    [InlineData("31.00", "99.99", "9.9")]
    [InlineData("1,234.50", "9,999.99", "9,9.9")]
    public void Shapes_fold_digits_and_letters(string text, string shape, string compact)
    {
        Assert.Equal(shape, ValueShape.Of(text));
        Assert.Equal(compact, ValueShape.Compact(shape));
    }
}
