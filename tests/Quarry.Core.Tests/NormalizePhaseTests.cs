using System.Text.Json.Nodes;
using Quarry.Core.Documents;
using Quarry.Core.Extraction;
using Quarry.Core.Schemas;
using Quarry.Core.Values;

namespace Quarry.Core.Tests;

public class NormalizePhaseTests
{
    private static readonly string[] Statuses = ["paid", "unpaid", "partially_paid"];

    private static FieldDefinition Field(FieldType type) =>
        new("f", type, Enum: type == FieldType.Enum ? Statuses : null);

    [Theory]
    [InlineData(FieldType.Date, "2024-03-15", "\"2024-03-15\"")]
    [InlineData(FieldType.Date, " 15.03.2024 ", "\"2024-03-15\"")]
    [InlineData(FieldType.Date, "13/04/2024", "\"2024-04-13\"")]
    [InlineData(FieldType.Date, "1. März 2024", "\"2024-03-01\"")]
    [InlineData(FieldType.Date, "October 1, 2024", "\"2024-10-01\"")]
    [InlineData(FieldType.Date, "15 janvier 24", "\"2024-01-15\"")]
    [InlineData(FieldType.DateTime, "2024-03-15T10:30:00+02:00", "\"2024-03-15T08:30:00Z\"")]
    [InlineData(FieldType.DateTime, "2024-03-15T10:30:00Z", "\"2024-03-15T10:30:00Z\"")]
    [InlineData(FieldType.DateTime, "2024-03-15 10:30", "\"2024-03-15T10:30:00Z\"")]
    [InlineData(FieldType.DateTime, "15.03.2024", "\"2024-03-15T00:00:00Z\"")]
    [InlineData(FieldType.DateTime, "1 October 2024", "\"2024-10-01T00:00:00Z\"")]
    [InlineData(FieldType.Number, "1,234.5", "1234.5")]
    [InlineData(FieldType.Number, "4.250,00", "4250")]
    [InlineData(FieldType.Number, "(12.00)", "-12")]
    [InlineData(FieldType.Number, "0", "0")]
    [InlineData(FieldType.CurrencyAmount, "$4,250.00", "4250")]
    [InlineData(FieldType.CurrencyAmount, "EUR 1.234,50", "1234.5")]
    [InlineData(FieldType.CurrencyAmount, "4 250,00 €", "4250")]
    [InlineData(FieldType.CurrencyAmount, "12.00-", "-12")]
    [InlineData(FieldType.CurrencyAmount, "Total 99.90 incl. VAT", "99.9")]
    [InlineData(FieldType.Integer, "42", "42")]
    [InlineData(FieldType.Integer, "1,234", "1234")]
    [InlineData(FieldType.Integer, "12.00", "12")]
    [InlineData(FieldType.Integer, "-7", "-7")]
    [InlineData(FieldType.Percentage, "15%", "15")]
    [InlineData(FieldType.Percentage, "7,5 %", "7.5")]
    [InlineData(FieldType.Percentage, "19.00", "19")]
    [InlineData(FieldType.Boolean, "Yes", "true")]
    [InlineData(FieldType.Boolean, "TRUE", "true")]
    [InlineData(FieldType.Boolean, "ja", "true")]
    [InlineData(FieldType.Boolean, "oui", "true")]
    [InlineData(FieldType.Boolean, "✓", "true")]
    [InlineData(FieldType.Boolean, "x", "true")]
    [InlineData(FieldType.Boolean, "1", "true")]
    [InlineData(FieldType.Boolean, "No", "false")]
    [InlineData(FieldType.Boolean, "nein", "false")]
    [InlineData(FieldType.Boolean, "non", "false")]
    [InlineData(FieldType.Boolean, "0", "false")]
    [InlineData(FieldType.CurrencyCode, "$", "\"USD\"")]
    [InlineData(FieldType.CurrencyCode, "€", "\"EUR\"")]
    [InlineData(FieldType.CurrencyCode, "£", "\"GBP\"")]
    [InlineData(FieldType.CurrencyCode, "₹", "\"INR\"")]
    [InlineData(FieldType.CurrencyCode, "eur", "\"EUR\"")]
    [InlineData(FieldType.CurrencyCode, " Euros ", "\"EUR\"")]
    [InlineData(FieldType.CurrencyCode, "Fr.", "\"CHF\"")]
    [InlineData(FieldType.CurrencyCode, "xyz", "\"XYZ\"")] // kept for phase 4 to flag
    [InlineData(FieldType.Iban, "de89 3704 0044 0532 0130 00", "\"DE89370400440532013000\"")]
    [InlineData(FieldType.Iban, "GB82 WEST 1234 5698 7654 32", "\"GB82WEST12345698765432\"")]
    [InlineData(FieldType.Duration, "two years", "\"P2Y\"")]
    [InlineData(FieldType.Duration, "24 months", "\"P24M\"")]
    [InlineData(FieldType.Duration, "thirty (30) days", "\"P30D\"")]
    [InlineData(FieldType.Duration, "a term of 3 weeks", "\"P3W\"")]
    [InlineData(FieldType.Duration, "12 yrs", "\"P12Y\"")]
    [InlineData(FieldType.Duration, "Eighteen months", "\"P18M\"")]
    [InlineData(FieldType.Duration, "p18m", "\"P18M\"")]
    [InlineData(FieldType.Enum, "paid", "\"paid\"")]
    [InlineData(FieldType.Enum, "PAID", "\"paid\"")]
    [InlineData(FieldType.Enum, "Partially paid", "\"partially_paid\"")]
    [InlineData(FieldType.Enum, "un-paid", "\"unpaid\"")]
    [InlineData(FieldType.Enum, "refunded", "\"refunded\"")] // kept for phase 4 to flag
    [InlineData(FieldType.String, "  Acme \t GmbH \n", "\"Acme GmbH\"")]
    [InlineData(FieldType.String, "* THAI DELICIOUS RESTAURANT _", "\"THAI DELICIOUS RESTAURANT\"")]
    [InlineData(FieldType.String, "| 12, Jalan Maju 3. ~", "\"12, Jalan Maju 3.\"")]
    [InlineData(FieldType.String, "(M) SDN BHD", "\"(M) SDN BHD\"")]
    [InlineData(FieldType.String, "=HYPERLINK(\"http://x\")", "\"=HYPERLINK(\\\"http://x\\\")\"")]
    [InlineData(FieldType.Email, " billing@acme.example ", "\"billing@acme.example\"")]
    [InlineData(FieldType.Phone, "+49 30  1234567", "\"+49 30 1234567\"")]
    [InlineData(FieldType.Url, "https://acme.example", "\"https://acme.example\"")]
    public void GivesTheCanonicalValue(FieldType type, string text, string expectedJson)
    {
        var (value, issue) = NormalizePhase.Normalize(Field(type), text, DateOrder.DayFirst);
        Assert.Null(issue);
        Assert.NotNull(value);
        var expected = JsonNode.Parse(expectedJson);
        Assert.Equal(expected!.GetValueKind(), value.GetValueKind());
        Assert.True(JsonNode.DeepEquals(expected, value), $"expected {expectedJson}, got {value.ToJsonString()}");
    }

    [Theory]
    [InlineData(FieldType.Date, "not a date")]
    [InlineData(FieldType.Date, "31/02/2024")]
    [InlineData(FieldType.DateTime, "soon")]
    [InlineData(FieldType.Number, "abc")]
    [InlineData(FieldType.CurrencyAmount, "n/a")]
    [InlineData(FieldType.Integer, "12.5")]
    [InlineData(FieldType.Integer, "three")]
    [InlineData(FieldType.Percentage, "high %")]
    [InlineData(FieldType.Boolean, "maybe")]
    [InlineData(FieldType.Duration, "forever")]
    public void UnreadableTextIsEmptiedAndMarked(FieldType type, string text) =>
        Assert.Equal((null, CellIssues.TypeMismatch), NormalizePhase.Normalize(Field(type), text, DateOrder.DayFirst));

    [Theory]
    [InlineData("03/04/2024", DateOrder.DayFirst, "2024-04-03")]
    [InlineData("03/04/2024", DateOrder.MonthFirst, "2024-03-04")]
    public void AnAmbiguousDateIsMarked(string text, DateOrder order, string expected)
    {
        var (value, issue) = NormalizePhase.Normalize(Field(FieldType.Date), text, order);
        Assert.Equal(expected, value!.GetValue<string>());
        Assert.Equal(CellIssues.AmbiguousValue, issue);
    }

    [Fact]
    public void ADateTimeGivenAsAnAmbiguousDateIsMarked()
    {
        var (value, issue) = NormalizePhase.Normalize(Field(FieldType.DateTime), "03/04/2024", DateOrder.DayFirst);
        Assert.Equal("2024-04-03T00:00:00Z", value!.GetValue<string>());
        Assert.Equal(CellIssues.AmbiguousValue, issue);
    }

    [Fact]
    public void AStringFieldWithValuesTakesTheMemberSpelling() =>
        Assert.Equal("Net 30", NormalizePhase.Normalize(new FieldDefinition("terms", FieldType.String, Enum: ["Net 30", "Net 60"]), "NET-30", DateOrder.DayFirst).Value!.GetValue<string>());

    [Fact]
    public void AnArrayIsNotNormalizedHere() =>
        Assert.Equal((null, null), NormalizePhase.Normalize(new FieldDefinition("items", FieldType.Array, Items: new ArrayItems(FieldType.String, null)), "a, b", DateOrder.DayFirst));

    [Fact]
    public async Task ThePhaseNormalizesFilledCellsKeepsRawAndLeavesHumanAndEmptyCellsAlone()
    {
        FieldDefinition[] fields =
        [
            new("total", FieldType.CurrencyAmount),
            new("issued", FieldType.Date),
            new("paid", FieldType.Boolean),
            new("count", FieldType.Integer),
            new("note", FieldType.String),
            new("missing", FieldType.Number),
        ];
        var row = new RowWork(fields, DocumentContent.Empty, 0.8);
        var source = new CellSource(1, new Box(1, 2, 3, 4), "EUR 1.234,50");
        row.Cells["total"] = new Cell(JsonValue.Create("EUR 1.234,50"), "EUR 1.234,50", 0.9, PhaseNames.Resolve, source);
        row.Cells["issued"] = new Cell(JsonValue.Create("someday"), null, 0.7, PhaseNames.Agent, null);
        row.Cells["paid"] = new Cell(JsonValue.Create("yes"), "yes", 1, PhaseNames.Human, null);
        row.Cells["count"] = new Cell(JsonValue.Create(3), "3", 0.9, PhaseNames.Agent, null); // a model may answer with a number
        row.Cells["note"] = new Cell(JsonValue.Create("  a   b "), " a   b ", 0.9, PhaseNames.Resolve, null);
        row.Cells["missing"] = Cell.Empty(PhaseNames.Resolve);

        Assert.Equal(PhaseOutcome.Completed, await new NormalizePhase().RunAsync(row, CancellationToken.None));

        Assert.Equal(new Cell(row.Cells["total"].Value, "EUR 1.234,50", 0.9, PhaseNames.Resolve, source), row.Cells["total"]);
        Assert.Equal("1234.50", row.Cells["total"].Value!.ToJsonString());
        Assert.Equal(new Cell(null, "someday", 0.7, PhaseNames.Agent, null, CellIssues.TypeMismatch), row.Cells["issued"]);
        Assert.Equal("\"yes\"", row.Cells["paid"].Value!.ToJsonString()); // a person's value is theirs
        Assert.Equal("3", row.Cells["count"].Value!.ToJsonString());
        Assert.Equal("\"a b\"", row.Cells["note"].Value!.ToJsonString());
        Assert.Equal(Cell.Empty(PhaseNames.Resolve), row.Cells["missing"]);
        Assert.Equal(PhaseNames.Normalize, new NormalizePhase().Name);
    }

    [Fact]
    public async Task RunningThePhaseTwiceOnTheSameInputGivesTheSameRow()
    {
        FieldDefinition[] fields = [new("total", FieldType.CurrencyAmount), new("issued", FieldType.Date)];
        RowWork Make()
        {
            var row = new RowWork(fields, DocumentContent.Empty, 0.8);
            row.Cells["total"] = new Cell(JsonValue.Create("$4,250.00"), "$4,250.00", 0.9, PhaseNames.Resolve, null);
            row.Cells["issued"] = new Cell(JsonValue.Create("03/04/2024"), "03/04/2024", 0.9, PhaseNames.Resolve, null);
            return row;
        }
        var a = Make();
        var b = Make();
        await new NormalizePhase().RunAsync(a, CancellationToken.None);
        await new NormalizePhase().RunAsync(b, CancellationToken.None);
        foreach (var f in fields)
        {
            Assert.Equal(a.Cells[f.Name].Value!.ToJsonString(), b.Cells[f.Name].Value!.ToJsonString());
            Assert.Equal(a.Cells[f.Name].Issue, b.Cells[f.Name].Issue);
        }
        Assert.Equal(CellIssues.AmbiguousValue, a.Cells["issued"].Issue);
    }
}

public class NormalizePhaseDateOrderTests
{
    /// <summary>The cell "03/04/2024" of a document with <paramref name="text"/>, after phase 3.</summary>
    private static async Task<Cell> NormalizedDate(string text)
    {
        var row = new RowWork([new FieldDefinition("invoice_date", FieldType.Date)], Quarry.Core.Readers.PlainTextReader.FromText(text), 0.8);
        row.Cells["invoice_date"] = new Cell(JsonValue.Create("03/04/2024"), "03/04/2024", 0.9, PhaseNames.Resolve, null);
        await new NormalizePhase().RunAsync(row, CancellationToken.None);
        return row.Cells["invoice_date"];
    }

    [Theory]
    [InlineData("Invoice date 03/04/2024\nDelivered 25/12/2024", "2024-04-03")]  // the document writes days first
    [InlineData("Invoice date 03/04/2024\nDelivered 12/25/2024", "2024-03-04")]  // the document writes months first
    public async Task TheDocumentDecidesAnAmbiguousDateAndNothingIsFlagged(string text, string expected)
    {
        var cell = await NormalizedDate(text);
        Assert.Equal(expected, cell.Value!.GetValue<string>());
        Assert.Null(cell.Issue);
    }

    [Fact]
    public async Task WithoutEvidenceInTheDocumentTheRuleDecidesAndTheDateIsFlagged()
    {
        var cell = await NormalizedDate("Invoice date 03/04/2024");
        Assert.Equal("2024-04-03", cell.Value!.GetValue<string>());
        Assert.Equal(CellIssues.AmbiguousValue, cell.Issue);
    }
}
