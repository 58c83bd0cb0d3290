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

    private static DocumentContent Doc(params string[] lines)
    {
        var built = lines.Select((text, i) =>
        {
            var x = 50.0;
            var words = text.Split(' ').Select(w => { var box = new Box(x, 50 + i * 20, x + w.Length * 6, 62 + i * 20); x += w.Length * 6 + 5; return new Word(w, box); }).ToList();
            return new Line(words);
        }).ToList();
        return new DocumentContent([new Page(1, 600, 800, 0, built)], [], string.Join('\n', lines));
    }

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
        Assert.Equal(Math.Round(2.0 / 3, 4), cell.Confidence);
        Assert.Null(registry.Prepare(Supplier("BETA", "009876543", "XY-1", "3.00")).Layout);
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
