using System.Text.Json.Nodes;
using Quarry.Core.Extraction;
using Quarry.Core.Readers;
using Quarry.Core.Schemas;

namespace Quarry.Core.Tests;

/// <summary>Fields of agreements that no label announces: the governing law's place and the parties.</summary>
public sealed class AgreementHeuristicsTests
{
    private static readonly FieldDefinition Jurisdiction = new("jurisdiction", FieldType.String, Description: "State or country whose law governs the agreement");
    private static readonly FieldDefinition Party = new("party", FieldType.Array, Items: new ArrayItems(FieldType.String, null));

    private static async Task<RowWork> Run(string text, params FieldDefinition[] fields)
    {
        var row = new RowWork(fields, PlainTextReader.FromText(text), 0.8);
        foreach (var phase in PhasePipeline.Default().Phases)
            await phase.RunAsync(row, default);
        return row;
    }

    [Theory]
    [InlineData("This Agreement shall be governed by and construed in accordance with the laws of the State of New York, without regard to conflicts of law.", "New York")]
    [InlineData("This Agreement is governed by Delaware law.", "Delaware")]
    [InlineData("The laws of England apply to payments. This agreement is governed by the laws of the Commonwealth of Pennsylvania.", "Pennsylvania")]
    public async Task The_governing_law_is_found_in_its_sentence(string text, string expected)
    {
        var row = await Run(text, Jurisdiction);
        Assert.Equal(expected, row.CellOf("jurisdiction").Value!.GetValue<string>());
    }

    [Fact]
    public async Task No_governing_law_sentence_leaves_the_field_empty()
    {
        var row = await Run("The parties agree to keep secrets.", Jurisdiction);
        Assert.False(row.CellOf("jurisdiction").IsFilled);
    }

    [Theory]
    [InlineData("The term of this Agreement shall be two (2) years from the Effective Date.", "P2Y")]
    [InlineData("This Agreement shall remain in effect for 18 months.", "P18M")]
    [InlineData("20. Term. This Agreement shall terminate two years after the date of this Agreement.", "P2Y")]
    [InlineData("The obligations under this Agreement shall expire seven (7) years from the Effective Date.", "P7Y")]
    public async Task The_term_comes_from_a_sentence_about_the_agreement(string text, string expected)
    {
        var row = await Run(text, new FieldDefinition("term", FieldType.Duration));
        Assert.Equal(expected, row.CellOf("term").Value!.GetValue<string>());
    }

    [Fact]
    public async Task A_notice_period_is_not_the_term()
    {
        var row = await Run("Either party may terminate upon prior written notice for a period of thirty (30) days.", new FieldDefinition("term", FieldType.Duration));
        Assert.False(row.CellOf("term").IsFilled);
    }

    [Theory]
    [InlineData("This Agreement is made by and between Acme Corp., a Delaware corporation (\"Acme\"), and Jane Q. Doe (\"Employee\"). WHEREAS", "Acme Corp.", "Jane Q. Doe")]
    [InlineData("AGREEMENT between Globex Inc. and Initech LLC. The parties agree", "Globex Inc.", "Initech LLC")]
    public async Task The_parties_are_read_from_the_sentence_that_introduces_them(string text, string first, string second)
    {
        var row = await Run(text, Party);
        var parties = Assert.IsType<JsonArray>(row.CellOf("party").Value);
        Assert.Equal([first, second], parties.Select(p => p!.GetValue<string>()));
        Assert.DoesNotContain(row.Flags, f => f.StartsWith("type_mismatch", StringComparison.Ordinal));
    }
}
