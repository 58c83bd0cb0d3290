using System.Text.Json.Nodes;
using Quarry.Core.Documents;
using Quarry.Core.Extraction.Registry;
using Quarry.Core.Readers;
using Quarry.Core.Schemas;

namespace Quarry.Core.Tests;

/// <summary>
/// A chain's branches share a heading, a registration number and the head office's address; each branch's address ends
/// in its own name. The registry learns the shared start and reads the branch from the page, measured like every rule.
/// </summary>
public sealed class RegistryTemplateTests
{
    private static readonly FieldDefinition Address = new("address", FieldType.String);
    private static readonly DateTimeOffset Now = new(2024, 9, 14, 10, 0, 0, TimeSpan.Zero);
    private const string HeadOffice = "LOT 7, JALAN ANGSA, TAMAN BERKELEY 41150 KLANG, SELANGOR";

    /// <summary>A branch's receipt: the head office's address on three lines (an OCR that lost words keeps only part of it), then the branch.</summary>
    private static DocumentContent Receipt(string branch, bool lostWords = false) => PlainTextReader.FromText(
        $"QUICK MART S/B\nCO REG NO: 5195370X\nLOT 7, {(lostWords ? "" : "JALAN ANGSA,")}\nTAMAN BERKELEY\n41150 KLANG{(lostWords ? "" : ", SELANGOR")}\n{branch}\nTotal: 9.90\nThank you");

    private static void Confirm(FieldRegistry registry, string branch) =>
        registry.Learn([Address], Receipt(branch), new Dictionary<string, JsonNode?> { ["address"] = $"{HeadOffice} {branch}" }, Now);

    [Fact]
    public void A_new_branch_s_address_is_the_shared_start_and_the_branch_the_page_prints_once_the_template_proved_right()
    {
        var registry = FieldRegistry.Empty;
        foreach (var branch in new[] { "1201-TMN MELATI", "1305-DESA JAYA", "1410-BANDAR BARU", "1522-SRI PETALING", "1633-KOTA DAMAI" })
            Confirm(registry, branch);

        var template = registry.Rules.Single(r => r.Kind == RuleKinds.Template && r.Layout != RegistryRule.GlobalLayout);
        Assert.Equal((3.0, 3.0), (template.Tests, template.Hits)); // tested from the third receipt on: two constants make a start

        var cell = registry.Prepare(Receipt("1744-TMN BARU", lostWords: true)).Fill(Address)!;
        Assert.Equal($"{HeadOffice} 1744-TMN BARU", cell.Value!.GetValue<string>());
        Assert.Equal(1, cell.Source!.Page);
        // Three right tests with the organization's template record (three right of three) as the prior: (3 + 2 × 0.8) / 5.
        Assert.Equal(0.92, cell.Confidence, 2);
    }

    [Fact]
    public void A_template_that_keeps_reading_the_wrong_line_loses_to_nothing()
    {
        // A shop whose address is the same but whose confirmed value sometimes adds a floor and sometimes not: the line after
        // the address is the total, never part of the value, so every test of the template fails and it never fills.
        var registry = FieldRegistry.Empty;
        for (var i = 0; i < 6; i++)
        {
            var page = PlainTextReader.FromText($"SUNRISE BAKERY\nCO REG NO: 7771234X\n22, LORONG BUKIT 9,\n25000 KUANTAN\nTotal: {i}.50\nThank you");
            var value = i % 2 == 0 ? "22, LORONG BUKIT 9, 25000 KUANTAN" : $"22, LORONG BUKIT 9, 25000 KUANTAN FLOOR {i}";
            registry.Learn([Address], page, new Dictionary<string, JsonNode?> { ["address"] = value }, Now.AddDays(i));
        }
        var template = registry.Rules.Single(r => r.Kind == RuleKinds.Template && r.Layout != RegistryRule.GlobalLayout);
        Assert.Equal(0, template.Hits);
        var cell = registry.Prepare(PlainTextReader.FromText("SUNRISE BAKERY\nCO REG NO: 7771234X\n22, LORONG BUKIT 9,\n25000 KUANTAN\nTotal: 8.50\nThank you")).Fill(Address);
        Assert.DoesNotContain("Total", cell?.Value?.GetValue<string>() ?? "", StringComparison.Ordinal);
    }
}
