using System.Text.Json.Nodes;
using Quarry.Core.Documents;
using Quarry.Core.Extraction;
using Quarry.Core.Extraction.Calibration;
using Quarry.Core.Readers;
using Quarry.Core.Schemas;
using Quarry.Testing;
using static Quarry.Core.Tests.TestRead;

namespace Quarry.Core.Tests;

/// <summary>
/// Line items (arrays of objects) read from item tables: tables a reader knows the cells of (DOCX, spreadsheets, CSV,
/// HTML) and tables laid out on a PDF page, through phases 1, 3 and 4 as a job runs them.
/// </summary>
public sealed class LineItemsTests
{
    private static readonly FieldDefinition Items = new("line_items", FieldType.Array, Items: new ArrayItems(null,
    [
        new FieldDefinition("sku", FieldType.String),
        new FieldDefinition("description", FieldType.String),
        new FieldDefinition("quantity", FieldType.Number),
        new FieldDefinition("unit_price", FieldType.CurrencyAmount),
        new FieldDefinition("amount", FieldType.CurrencyAmount),
    ]));

    private static readonly FieldDefinition[] InvoiceFields =
    [
        new("subtotal", FieldType.CurrencyAmount),
        new("tax", FieldType.CurrencyAmount),
        new("total", FieldType.CurrencyAmount),
        Items,
    ];

    /// <summary>Phases 1, 3 and 4 on the content, as a job runs them.</summary>
    private static async Task<RowWork> Run(DocumentContent content, params FieldDefinition[] fields)
    {
        var row = new RowWork(fields.Length > 0 ? fields : InvoiceFields, content, 0.9);
        await new ResolvePhase(new LabelValueExtractor(), ConfidenceCalibration.Default).RunAsync(row, default);
        await new NormalizePhase().RunAsync(row, default);
        RowValidator.Validate(row);
        return row;
    }

    private static List<JsonObject> ItemsOf(RowWork row) =>
        (row.CellOf(Items.Name).Value as JsonArray ?? throw new Xunit.Sdk.XunitException("No line items were read.")).Select(i => (JsonObject)i!).ToList();

    private static void AssertItem(JsonObject item, string? sku, string description, decimal? quantity, decimal? unitPrice, decimal amount)
    {
        Assert.Equal(sku, item["sku"]?.GetValue<string>());
        Assert.Equal(description, item["description"]?.GetValue<string>());
        Assert.Equal(quantity, item["quantity"] is { } q ? decimal.Parse(q.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : null);
        Assert.Equal(unitPrice, item["unit_price"] is { } p ? decimal.Parse(p.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : null);
        Assert.Equal(amount, decimal.Parse(item["amount"]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture));
    }

    public static TheoryData<string> GridFormats => ["docx", "xlsx", "xls", "csv", "html"];

    private static Task<DocumentContent> ReadSample(string format) => format switch
    {
        "docx" => Read(new DocxReader(), InvoiceSample.Docx(), "invoice.docx"),
        "xlsx" => Read(new XlsxReader(), InvoiceSample.Xlsx(), "invoice.xlsx"),
        "xls" => Read(new XlsReader(), InvoiceSample.Xls(), "invoice.xls"),
        "csv" => Read(new CsvReader(), InvoiceSample.Utf8(InvoiceSample.Csv), "invoice.csv"),
        "html" => Read(new HtmlReader(), InvoiceSample.Utf8(InvoiceSample.Html), "invoice.html"),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    [Theory]
    [MemberData(nameof(GridFormats))]
    public async Task ItemsAreReadFromTheTablesOfStructuredFormats(string format)
    {
        var row = await Run(await ReadSample(format));

        var items = ItemsOf(row);
        Assert.Equal(2, items.Count);
        AssertItem(items[0], "A-1", "Widget", 2, null, 1000);
        AssertItem(items[1], "B-2", "Gadget", 1, null, 3250);
        // The items add up to the total (the sample has no subtotal or tax), so the rule agrees and flags nothing.
        Assert.DoesNotContain(row.Flags, f => f.StartsWith("rule_failed", StringComparison.Ordinal));
        Assert.Equal(EvidenceKinds.Table, row.CellOf(Items.Name).Evidence?.Kind);
    }

    private static byte[] LaidOutInvoice(string secondAmount = "1,250.00") => TestPdf.Page(
        new TestPdf.TextLine("ACME Tools Ltd", 50, 50, 16),
        new TestPdf.TextLine("Invoice 2024-117", 50, 80),
        new TestPdf.TextLine("Description", 50, 140), new TestPdf.TextLine("Qty", 300, 140),
        new TestPdf.TextLine("Unit price", 360, 140), new TestPdf.TextLine("Amount", 480, 140),
        new TestPdf.TextLine("Cordless drill 18V", 50, 160), new TestPdf.TextLine("2", 305, 160),
        new TestPdf.TextLine("125.00", 365, 160), new TestPdf.TextLine("250.00", 485, 160),
        new TestPdf.TextLine("Workbench, oak top,", 50, 178), new TestPdf.TextLine("1", 305, 178),
        new TestPdf.TextLine("1,250.00", 365, 178), new TestPdf.TextLine(secondAmount, 485, 178),
        new TestPdf.TextLine("delivered and assembled", 50, 192),
        new TestPdf.TextLine("Subtotal", 360, 240), new TestPdf.TextLine("1,500.00", 485, 240),
        new TestPdf.TextLine("VAT 20%", 360, 258), new TestPdf.TextLine("300.00", 485, 258),
        new TestPdf.TextLine("Total", 360, 276), new TestPdf.TextLine("1,800.00", 485, 276));

    [Fact]
    public async Task ItemsAreReadFromColumnsLaidOutOnAPdfPage()
    {
        var row = await Run(await Read(new PdfTextReader(), LaidOutInvoice(), "invoice.pdf"));

        var items = ItemsOf(row);
        Assert.Equal(2, items.Count);
        AssertItem(items[0], null, "Cordless drill 18V", 2, 125, 250);
        // A description that wraps onto a line of its own stays with its item.
        AssertItem(items[1], null, "Workbench, oak top, delivered and assembled", 1, 1250, 1250);
        Assert.DoesNotContain(row.Flags, f => f.StartsWith("rule_failed", StringComparison.Ordinal));
        var cell = row.CellOf(Items.Name);
        Assert.Equal(1, cell.Source?.Page);
        Assert.Contains("Cordless drill", cell.Source?.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemsThatDoNotAddUpToTheSubtotalAreFlagged()
    {
        var agreeing = await Run(await Read(new PdfTextReader(), LaidOutInvoice(), "invoice.pdf"));
        var row = await Run(await Read(new PdfTextReader(), LaidOutInvoice(secondAmount: "1,350.00"), "invoice.pdf"));

        Assert.Contains($"rule_failed:{CrossFieldRules.LineItemsSumToSubtotal}", row.Flags);
        Assert.True(row.CellOf(Items.Name).Confidence < agreeing.CellOf(Items.Name).Confidence,
            "items that contradict the subtotal are trusted less than items that agree with it");
    }

    [Fact]
    public async Task ATableGoesOnBelowItsHeadingsRepeatedOnTheNextPage()
    {
        TestPdf.TextLine[] Heading(double y) =>
            [new("Description", 50, y), new("Qty", 300, y), new("Amount", 480, y)];
        var first = Heading(100).Concat(Enumerable.Range(0, 3).SelectMany(i => new TestPdf.TextLine[]
            { new($"Part {i + 1}", 50, 120 + i * 18), new("1", 305, 120 + i * 18), new("10.00", 485, 120 + i * 18) }));
        var second = Heading(60).Concat(
            [new("Part 4", 50, 80), new("2", 305, 80), new("20.00", 485, 80), new("Total", 360, 120), new("50.00", 485, 120)]);

        var row = await Run(await Read(new PdfTextReader(), TestPdf.Pages([first.ToArray(), second.ToArray()]), "two-pages.pdf"));

        Assert.Equal(["Part 1", "Part 2", "Part 3", "Part 4"], ItemsOf(row).Select(i => i["description"]!.GetValue<string>()));
        Assert.DoesNotContain(row.Flags, f => f.StartsWith("rule_failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReceiptNameAboveItsQuantityLineNamesThatItem()
    {
        // Receipts print the article, then "qty x price   amount" on the line below, under two rows of headings.
        var pdf = TestPdf.Page(
            new TestPdf.TextLine("CODE/DESC", 30, 100), new TestPdf.TextLine("PRICE", 200, 100), new TestPdf.TextLine("DISC", 270, 100),
            new TestPdf.TextLine("AMOUNT", 370, 100),
            new TestPdf.TextLine("QTY", 70, 115), new TestPdf.TextLine("RM", 220, 115), new TestPdf.TextLine("RM", 420, 115),
            new TestPdf.TextLine("9556939040116 MODELLING CLAY", 30, 135),
            new TestPdf.TextLine("2 PC", 75, 150), new TestPdf.TextLine("*", 130, 150), new TestPdf.TextLine("9.00", 205, 150),
            new TestPdf.TextLine("0.00", 275, 150), new TestPdf.TextLine("18.00", 400, 150),
            new TestPdf.TextLine("TOTAL:", 250, 180), new TestPdf.TextLine("18.00", 400, 180));

        var row = await Run(await Read(new PdfTextReader(), pdf, "receipt.pdf"), new FieldDefinition("total", FieldType.CurrencyAmount), Items);

        var item = Assert.Single(ItemsOf(row));
        // The discount column is no field of the schema: its 0.00 goes nowhere, not into the price.
        AssertItem(item, null, "9556939040116 MODELLING CLAY", 2, 9, 18);
        Assert.DoesNotContain(row.Flags, f => f.StartsWith("rule_failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoHeadingsNoItems()
    {
        var pdf = TestPdf.Simple("Thank you for your order", "Widget 2 10.00", "Total 20.00");

        var row = await Run(await Read(new PdfTextReader(), pdf, "letter.pdf"));

        Assert.False(row.CellOf(Items.Name).IsFilled);
        Assert.DoesNotContain(row.Flags, f => f.StartsWith("rule_failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ItemFieldsAreTypedAndWhatCannotBeReadIsNull()
    {
        var content = new DocumentContent([], [new Table(1,
        [
            new TableCell(0, 0, "Description", null), new TableCell(0, 1, "Qty", null), new TableCell(0, 2, "Amount (EUR)", null),
            new TableCell(1, 0, "  Consulting   hours ", null), new TableCell(1, 1, "7.5 h", null), new TableCell(1, 2, "EUR 1.234,50", null),
            new TableCell(2, 0, "Travel", null), new TableCell(2, 1, "n/a", null), new TableCell(2, 2, "80,00", null),
        ])], "");

        var row = await Run(content, Items);

        var items = ItemsOf(row);
        Assert.Equal("Consulting hours", items[0]["description"]!.GetValue<string>());
        Assert.Equal("7.5", items[0]["quantity"]!.ToJsonString());
        Assert.Equal("1234.50", items[0]["amount"]!.ToJsonString());
        Assert.Null(items[1]["quantity"]);
        Assert.Equal("80.00", items[1]["amount"]!.ToJsonString());
    }

    public static TheoryData<string, bool?> SumCases => new()
    {
        // subtotal present: the items must make it, or the total when their prices include tax
        { """{"subtotal": 30, "tax": 6, "total": 36}""", true },
        { """{"subtotal": 31, "tax": 6, "total": 37}""", false },
        { """{"subtotal": 24.79, "tax": 5.21, "total": 30}""", true },
        // no subtotal: total less tax
        { """{"tax": 6, "total": 36}""", true },
        // only a total
        { """{"total": 30}""", true },
        // nothing to compare with
        { "{}", null },
    };

    [Theory]
    [MemberData(nameof(SumCases))]
    public void TheItemsRuleComparesTheirSumWithTheSubtotalOrWhatStandsForIt(string amounts, bool? agrees)
    {
        var row = new RowWork(InvoiceFields, DocumentContent.Empty, 0.9);
        foreach (var (name, value) in JsonNode.Parse(amounts)!.AsObject())
            row.Cells[name] = new Cell(value!.DeepClone(), null, 0.9, PhaseNames.Normalize, null);
        // One item with its amount, one with only quantity × unit price: 10 + 2 × 10.
        row.Cells[Items.Name] = new Cell(JsonNode.Parse("""[{"amount": 10}, {"quantity": 2, "unit_price": 10}]"""), null, 0.9, PhaseNames.Normalize, null);

        var (agreement, failed) = CrossFieldRules.Evaluate(row);

        Assert.Equal(agrees is null ? RuleAgreement.None : agrees.Value ? RuleAgreement.Agrees : RuleAgreement.Disagrees,
            agreement.GetValueOrDefault(Items.Name));
        Assert.Equal(agrees == false, failed.Contains(CrossFieldRules.LineItemsSumToSubtotal));
    }

    [Fact]
    public void AnItemWithoutAnAmountOrAPriceLeavesTheSumUnchecked()
    {
        var row = new RowWork(InvoiceFields, DocumentContent.Empty, 0.9);
        row.Cells["total"] = new Cell(JsonValue.Create(99m), null, 0.9, PhaseNames.Normalize, null);
        row.Cells[Items.Name] = new Cell(JsonNode.Parse("""[{"amount": 10}, {"description": "Gift wrap"}]"""), null, 0.9, PhaseNames.Normalize, null);

        var (agreement, failed) = CrossFieldRules.Evaluate(row);

        Assert.False(agreement.ContainsKey(Items.Name));
        Assert.Empty(failed);
    }
}
