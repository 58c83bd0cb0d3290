using System.Text.Json.Nodes;
using Quarry.Core.Documents;
using Quarry.Core.Extraction;
using Quarry.Core.Extraction.Calibration;
using Quarry.Core.Readers;
using Quarry.Core.Schemas;
using Quarry.Core.Values;
using Quarry.Testing;
using static Quarry.Testing.TestPdf;

namespace Quarry.Core.Tests;

public class LabelValueExtractorTests
{
    private static Cell? Extract(string text, FieldDefinition field, DateOrder order = DateOrder.DayFirst) =>
        new LabelValueExtractor(order).Extract(field, PlainTextReader.FromText(text));

    private static async Task<RowWork> Resolve(DocumentContent content, params FieldDefinition[] fields)
    {
        var row = new RowWork(fields, content, 0.8);
        Assert.Equal(PhaseOutcome.Completed, await new ResolvePhase(new LabelValueExtractor(), ConfidenceCalibration.Identity).RunAsync(row, CancellationToken.None));
        return row;
    }

    private static async Task<RowWork> RunPipeline(DocumentContent content, params FieldDefinition[] fields)
    {
        var row = new RowWork(fields, content, 0.8);
        // Raw evidence scores, so these tests pin down the extractor, not a table refitted on data.
        foreach (var phase in PhasePipeline.Default(calibration: ConfidenceCalibration.Identity).Phases)
            await phase.RunAsync(row, CancellationToken.None);
        return row;
    }

    private static async Task<DocumentContent> ReadPdf(byte[] pdf) =>
        await new PdfTextReader().ReadAsync(new MemoryStream(pdf), ReadContext.For("test.pdf"), CancellationToken.None);

    private static string Raw(Cell? cell) => Assert.IsType<string>(cell?.Value?.GetValue<string>());

    [Theory]
    // the label on the same line
    [InlineData("Invoice Number: INV-001", "INV-001")]
    [InlineData("Invoice number INV-001", "INV-001")]
    [InlineData("INVOICE NUMBER: INV-001", "INV-001")]
    [InlineData("  Invoice Number  :  INV-001", "INV-001")]
    // "number" is also written no, nr, num and #
    [InlineData("Invoice No: 2024-0042", "2024-0042")]
    [InlineData("Invoice No. 2024-0042", "2024-0042")]
    [InlineData("Invoice Nr. 2024-0042", "2024-0042")]
    [InlineData("Invoice # 2024-0042", "2024-0042")]
    [InlineData("Invoice num: 2024-0042", "2024-0042")]
    // the value stops where another column starts
    [InlineData("Invoice No: INV-1        Date: 15.03.2024", "INV-1")]
    // an invoice number is an identifier: the first token with a digit, a short capital prefix kept
    [InlineData("Invoice No: INV 1 A", "INV 1")]
    [InlineData("Invoice: INV/2023/03/0008", "INV/2023/03/0008")]
    [InlineData("Facture n°562044387 du 02 Juillet 2015", "562044387")]
    // the value on the line below
    [InlineData("Invoice Number\nINV-001", "INV-001")]
    [InlineData("Invoice Number\n\nINV-001", "INV-001")]
    public void FindsAStringAfterItsLabel(string text, string expected) =>
        Assert.Equal(expected, Raw(Extract(text, new FieldDefinition("invoice_number", FieldType.String))));

    [Fact]
    public void AValueOnTheSameLineScoresHigherThanOneBelow()
    {
        var field = new FieldDefinition("invoice_number", FieldType.String);
        var same = Extract("Invoice Number: INV-001", field)!;
        var below = Extract("Invoice Number\nINV-001", field)!;
        // base × (0.75 + 0.25 × strictness 0.9 of an identifier)
        Assert.Equal(0.897, same.Confidence);    // 0.92 × 0.975
        Assert.Equal(0.7995, below.Confidence);  // 0.82 × 0.975
        Assert.Equal(PhaseNames.Resolve, same.Phase);
        Assert.Null(same.Issue);
    }

    [Theory]
    [InlineData("Invoice Number\n\n\n\n\nINV-001")]           // too far below
    [InlineData("          Invoice Number\nINV-001")]          // left of the label
    public void AValueBelowMustBeCloseAndUnderTheLabel(string text) =>
        Assert.Null(Extract(text, new FieldDefinition("invoice_number", FieldType.String)));

    [Fact]
    public void SourceGivesThePageTheBoxAndTheTextOfTheValue()
    {
        var cell = Extract("Acme GmbH\nInvoice Number: INV-001", new FieldDefinition("invoice_number", FieldType.String))!;
        Assert.Equal(new CellSource(1, new Box(16, 1, 23, 2), "INV-001"), cell.Source);
        Assert.Equal("INV-001", cell.Raw);

        var below = Extract("Invoice Date\n15 January 2024", new FieldDefinition("invoice_date", FieldType.Date))!;
        Assert.Equal(new CellSource(1, new Box(0, 1, 15, 2), "15 January 2024"), below.Source);
    }

    [Theory]
    [InlineData("Supplier: Acme GmbH", "Acme GmbH")]
    [InlineData("Vendor Name: Acme GmbH", "Acme GmbH")]
    [InlineData("Sold by - Acme GmbH", "Acme GmbH")]
    public void AliasesAreLabelsToo(string text, string expected) =>
        Assert.Equal(expected, Raw(Extract(text, new FieldDefinition("vendor_name", FieldType.String, Aliases: ["Supplier", "Sold by"]))));

    [Fact]
    public void AnAliasEndingInNumberGetsItsSpellings() =>
        Assert.Equal("4711", Raw(Extract("Order No 4711", new FieldDefinition("po", FieldType.String, Aliases: ["Order number"]))));

    [Theory]
    [InlineData("Date: 15.03.2024", FieldType.Date, "15.03.2024")]
    [InlineData("Date: on 1 October 2024 at noon", FieldType.Date, "1 October 2024")]
    [InlineData("Date\n03/04/2024", FieldType.Date, "03/04/2024")]
    [InlineData("Total: EUR 1.234,50", FieldType.CurrencyAmount, "EUR 1.234,50")]
    [InlineData("Total: incl. VAT $99.90", FieldType.CurrencyAmount, "$99.90")]
    [InlineData("Total (12.00)", FieldType.CurrencyAmount, "(12.00)")]
    [InlineData("Rate: 19 %", FieldType.Percentage, "19 %")]
    [InlineData("Email: billing@acme.example", FieldType.Email, "billing@acme.example")]
    [InlineData("Paid: yes", FieldType.Boolean, "yes")]
    [InlineData("Currency: EUR", FieldType.CurrencyCode, "EUR")]
    public void TypedFieldsTakeOnlyTheTypedPart(string text, FieldType type, string expected)
    {
        var name = text[..text.IndexOfAny([':', '\n', ' '])].ToLowerInvariant();
        Assert.Equal(expected, Raw(Extract(text, new FieldDefinition(name, type))));
    }

    [Theory]
    [InlineData("Rechnung\nRechnungsnr. 30064443   Kundennr. 47774", "invoice_number", FieldType.String, "30064443")]
    // a due date in French is not the date of issue, which follows the invoice number
    [InlineData("Facture n°562044387 du 02 Juillet 2015\nDate limite de paiement le 05 Juillet 2015", "date", FieldType.Date, "02 Juillet 2015")]
    [InlineData("Facture n°562044387 du 02 Juillet 2015\nDate limite de paiement le 05 Juillet 2015", "due_date", FieldType.Date, "05 Juillet 2015")]
    [InlineData("Exclusief BTW € 593,36   Subtotaal € 717,97\nTotaal € 717,97", "subtotal", FieldType.CurrencyAmount, "€ 593,36")]
    // a currency word is a currency only before an amount
    [InlineData("Rooms are cleaned daily\nGrand Total Rs 1939", "currency", FieldType.CurrencyCode, "Rs")]
    public void Labels_and_words_of_several_languages(string text, string name, FieldType type, string expected) =>
        Assert.Equal(expected, Raw(Extract(text, new FieldDefinition(name, type))));

    [Fact]
    public void An_iban_is_only_one_with_a_valid_checksum()
    {
        var iban = new FieldDefinition("iban", FieldType.Iban);
        Assert.Null(Extract("Ref VF100519303922 22-9-2022", iban));
        Assert.Equal("NL91ABNA0417164300", Raw(Extract("Ref VF100519303922\nIBAN NL91ABNA0417164300", iban)));
    }

    [Fact]
    public void WordsSkippedBeforeATypedValueLowerTheScore()
    {
        var total = new FieldDefinition("total", FieldType.CurrencyAmount);
        Assert.Equal(0.897, Extract("Total: $99.90", total)!.Confidence);                // 0.92 × (0.75 + 0.25 × 0.9)
        Assert.Equal(0.697, Extract("Total: shipping $99.90", total)!.Confidence);       // the same less 0.2
        Assert.Equal(0.897, Extract("Total: incl. VAT $99.90", total)!.Confidence);      // qualifiers of the label cost nothing
    }

    [Fact]
    public void ALabelWhoseValueIsNotOfTheTypeGivesNothing() =>
        Assert.Null(Extract("Total: to be confirmed", new FieldDefinition("total", FieldType.CurrencyAmount)));

    [Theory]
    [InlineData("Questions? Write to billing@acme.example today.", FieldType.Email, "billing@acme.example", 0.6)]
    [InlineData("Please pay to DE89 3704 0044 0532 0130 00 within 30 days.", FieldType.Iban, "DE89 3704 0044 0532 0130 00", 0.6)]
    [InlineData("See https://acme.example/invoices/42 for details", FieldType.Url, "https://acme.example/invoices/42", 0.6)]
    [InlineData("Issued in Berlin on 15 March 2024", FieldType.Date, "15 March 2024", 0.6)]
    // two different values: found, but doubtful
    [InlineData("Write to billing@acme.example\nor to sales@acme.example", FieldType.Email, "billing@acme.example", 0.35)]
    // the same value twice is not doubtful
    [InlineData("Write to billing@acme.example\nor again to billing@acme.example", FieldType.Email, "billing@acme.example", 0.6)]
    public void SelfEvidentTypesAreFoundWithoutALabel(string text, FieldType type, string expected, double confidence)
    {
        var cell = Extract(text, new FieldDefinition("contact_value", type));
        Assert.Equal(expected, Raw(cell));
        Assert.Equal(confidence, cell!.Confidence);
    }

    [Fact]
    public void PatternOnlyValuesKeepTheirSource()
    {
        var cell = Extract("Bank details\nPlease pay to DE89 3704 0044 0532 0130 00 within 30 days.", new FieldDefinition("iban", FieldType.Iban))!;
        Assert.Equal(new CellSource(1, new Box(14, 1, 41, 2), "DE89 3704 0044 0532 0130 00"), cell.Source);
    }

    [Theory]
    [InlineData("Invoice 42\nTotal: 12.00", FieldType.String, "po_number")]
    [InlineData("Invoice 42\nTotal: 12.00", FieldType.Email, "contact_email")]
    [InlineData("Invoice 42\nTotal: 12.00", FieldType.Date, "due_date")]
    [InlineData("Invoice 42\nTotal: 12.00", FieldType.Iban, "iban")]
    [InlineData("", FieldType.String, "anything")]
    // a number is not self-evident: without its label it is not taken
    [InlineData("Invoice 42\nTotal: 12.00", FieldType.CurrencyAmount, "tax")]
    public void NothingFoundIsNull(string text, FieldType type, string name) =>
        Assert.Null(Extract(text, new FieldDefinition(name, type)));

    [Fact]
    public void DifferentValuesForOneLabelLowerTheConfidence()
    {
        var total = new FieldDefinition("total", FieldType.CurrencyAmount);
        var one = Extract("Total: 12.00\nTotal: 12.00", total)!;
        var two = Extract("Total: 12.00\nTotal: 10.00", total)!;
        Assert.Equal(0.897, one.Confidence);
        Assert.Equal(0.747, two.Confidence);
        // Totals close a document: of two equally labelled totals, the lower one wins.
        Assert.Equal("10.00", Raw(two));
        var reference = new FieldDefinition("reference", FieldType.String);
        Assert.Equal("A-1", Raw(Extract("Reference: A-1\nReference: B-2", reference)!));
    }

    [Theory]
    [InlineData("Facture n°562044387 du 02 Juillet 2015", "562044387")]
    [InlineData("Invoice No.4711", "4711")]
    [InlineData("Invoice #A-17 issued today", "A-17")]
    public void A_number_marker_glued_to_its_value_is_split_off(string text, string expected) =>
        Assert.Equal(expected, Raw(Extract(text, new FieldDefinition("invoice_number", FieldType.String))!).Split(' ')[0]);

    [Fact]
    public async Task A_value_in_the_next_column_is_found_when_the_label_fills_its_own()
    {
        var content = await ReadPdf(Page(new TextLine("TOTAL INCL. OF GST", 40, 300), new TextLine("60.00", 420, 300)));
        var cell = new LabelValueExtractor().Extract(new FieldDefinition("total", FieldType.CurrencyAmount), content)!;
        Assert.Equal("60.00", Raw(cell));
        Assert.True(cell.Source!.Bbox.X0 >= 419, $"{cell.Source.Bbox}");
    }

    [Theory]
    [InlineData("Subtotal: 90.00\nTax: 10.00\nTotal: 100.00", "100.00")]
    [InlineData("TOTAL QTY: 3\nTOTAL (EXCLUDING GST): 94.34\nGRAND TOTAL: 100.00", "100.00")]
    [InlineData("TOTAL INCL. GST@6% RM 13.30", "RM 13.30")]
    [InlineData("GRAND TOTAL RM21.85", "RM21.85")]
    [InlineData("Gesamtbetrag: 1.234,50 EUR", "1.234,50 EUR")]
    [InlineData("TOTAL SALES (EXCLUDING GST) : 165.00\nTOTAL SALES (INCLUSIVE OF GST) : 174.90\nTOTAL : 165.00 9.90", "174.90")]
    // a total "excluded tax" announces nothing, not even on the line below it
    [InlineData("TOTAL : 13.10\nTOTAL EXCLUDED TAX : 12.36\n: 0.74", "13.10")]
    // qualifiers glued to a bracket are still qualifiers
    [InlineData("TOTAL SALES(INCLUSIVE OF GST) : 29.68\nGST SUMMARY\nTOTAL: 28.00 1.68", "29.68")]
    // the separator before the value is not a second amount making the line a table row
    [InlineData("TOTAL (INCLUSIVE OF GST): 65.72\nROUNDING ADJ: -0.02\nTOTAL :          65.70", "65.70")]
    // cash rounding: the rounded amount the receipt prints is the total, but none is made up
    [InlineData("TOTAL RM 33.92\nROUNDING ADJUSTMENT -RM 0.02\nTOTAL ROUNDED          RM 33.90\nCASH RM 50.00", "33.90")]
    [InlineData("TOTAL SALES (INCLUSIVE GST) RM 45.34\nROUNDING ADJUSTMENT RM .01\nROUNDING RM 45.35", "45.35")]
    [InlineData("TOTAL 60.31\nROUNDING ADJ -0.01\nCASH 100.00", "60.31")]
    public void A_total_is_told_apart_from_its_look_alikes(string text, string expected) =>
        Assert.Equal(expected, Raw(Extract(text, new FieldDefinition("total", FieldType.CurrencyAmount))!));

    [Theory]
    [InlineData("TAX INVOICE\nSubtotal 90.00\nGST 6% 5.40\nTotal 95.40", "5.40")]
    [InlineData("GST REG NO: 000123\nVAT 19%: 19.00", "19.00")]
    public void A_tax_amount_is_not_a_tax_identifier(string text, string expected) =>
        Assert.Equal(expected, Raw(Extract(text, new FieldDefinition("tax", FieldType.CurrencyAmount))!));

    [Theory]
    [InlineData("TAN CHAY YEE\nABC HO TRADING\nNO.2&4 TAMAN DESA\nTAX INVOICE", "ABC HO TRADING")]
    [InlineData("Invoice\nGlobex GmbH\nHauptstrasse 1\n10115 Berlin", "Globex GmbH")]
    // a name set on two or three lines is joined: up to the legal form that ends it, or from the words above its legal form
    [InlineData("POPULAR BOOK\nCO. (M) SDN BHD\n(CO. NO. 113825-W)\nNO 8 JALAN", "POPULAR BOOK CO. (M) SDN BHD")]
    [InlineData("AIK HUAT HARDWARE\nENTERPRISE (SETIA\nALAM) SDN BHD\n822737-X\nNO. 17-G", "AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD")]
    [InlineData("HOME MASTER HARDWARE &\nELECTRICAL\n12 JALAN PJU", "HOME MASTER HARDWARE & ELECTRICAL")]
    // a brand printed above a complete legal name is not part of it
    [InlineData("MYDIN\nTRI SHAAS SDN BHD\n(728515-N)", "TRI SHAAS SDN BHD")]
    // registration numbers are not names, nor part of them
    [InlineData("LEONG HENG SHELL SERVICE STATION\nCOMPANY NO :256628-W\nLOT 26151", "LEONG HENG SHELL SERVICE STATION")]
    [InlineData("MOONLIGHT CAKE HOUSE SDN BHD 862725-U\nNO 8, JALAN", "MOONLIGHT CAKE HOUSE SDN BHD")]
    public void The_issuer_is_found_at_the_top_without_a_label(string text, string expected) =>
        Assert.Equal(expected, Raw(Extract(text, new FieldDefinition("company", FieldType.String))!));

    [Theory]
    [InlineData("Globex GmbH\nHauptstrasse 1\n10115 Berlin\nTel: 030 1234567", "Hauptstrasse 1 10115 Berlin")]
    // the name's registration numbers stand between name and address
    [InlineData("POPULAR BOOK\nCO. (M) SDN BHD\n(CO. NO. 113825-W)\nNO 8, JALAN 1\n56000 KUALA LUMPUR\nTAX INVOICE", "NO 8, JALAN 1 56000 KUALA LUMPUR")]
    // a phone number printed between name and address is neither
    [InlineData("Globex GmbH\n030 1234567\nHauptstrasse 1\n10115 Berlin", "Hauptstrasse 1 10115 Berlin")]
    public void The_issuers_address_is_the_block_under_its_name(string text, string expected) =>
        Assert.Equal(expected, Raw(Extract(text, new FieldDefinition("address", FieldType.String))));

    [Theory]
    // no figure in the block: no house number, no postcode
    [InlineData("Globex GmbH\nQuality tools since 1900s\nInvoice")]
    // contact details straight under the name
    [InlineData("Globex GmbH\nTel: 030 1234567\nInvoice 17")]
    // a labelled value that is no address: figures alone
    [InlineData("Globex GmbH\nTel: 030 1234567\nADDRESS 2920/1")]
    public void No_address_is_made_up(string text) =>
        Assert.Null(Extract(text, new FieldDefinition("address", FieldType.String)));

    [Fact]
    public async Task An_address_ends_where_the_next_column_begins()
    {
        var pdf = Page(new TextLine("Globex GmbH", 50, 50, 16),
            new TextLine("Hauptstrasse 1", 50, 72), new TextLine("Invoice date: 01.10.2024", 330, 72),
            new TextLine("10115 Berlin", 50, 86), new TextLine("Invoice no: 4711", 330, 86));

        var cell = new LabelValueExtractor().Extract(new FieldDefinition("address", FieldType.String), await ReadPdf(pdf));

        Assert.Equal("Hauptstrasse 1 10115 Berlin", Raw(cell));
    }

    [Fact]
    public async Task An_address_with_a_hole_where_words_were_lost_is_not_offered()
    {
        // "Hauptstrasse" and "1" stand apart as no typesetter sets them, short of a column: words between were lost.
        var pdf = Page(new TextLine("Globex GmbH", 50, 50, 16),
            new TextLine("Hauptstrasse", 50, 72), new TextLine("1", 128, 72), new TextLine("10115 Berlin", 50, 86));

        Assert.Null(new LabelValueExtractor().Extract(new FieldDefinition("address", FieldType.String), await ReadPdf(pdf)));
    }

    [Fact]
    public async Task ResolvePhaseFillsEveryFieldAndLeavesHumanCellsAlone()
    {
        var fields = new FieldDefinition[]
        {
            new("invoice_number", FieldType.String),
            new("total", FieldType.CurrencyAmount),
            new("po_number", FieldType.String),
            new("line_items", FieldType.Array, Items: new ArrayItems(FieldType.String, null)),
        };
        var content = PlainTextReader.FromText("Invoice No: INV-7\nTotal: 12.00\nPO Number: 4711");
        var row = new RowWork(fields, content, 0.8);
        row.Cells["po_number"] = new Cell(JsonValue.Create("PO-1"), "PO-1", 1, PhaseNames.Human, null);
        await new ResolvePhase(new LabelValueExtractor(), ConfidenceCalibration.Identity).RunAsync(row, CancellationToken.None);

        Assert.Equal("INV-7", Raw(row.Cells["invoice_number"]));
        Assert.Equal("12.00", Raw(row.Cells["total"]));
        Assert.Equal("PO-1", Raw(row.Cells["po_number"]));
        Assert.Equal(PhaseNames.Human, row.Cells["po_number"].Phase);
        Assert.False(row.Cells["line_items"].IsFilled);
        Assert.Equal(PhaseNames.Resolve, row.Cells["line_items"].Phase);
    }

    [Fact]
    public async Task TheDefaultPipelineTurnsATextIntoATypedRow()
    {
        var row = await RunPipeline(PlainTextReader.FromText("""
            ACME GmbH
            Invoice No: INV-2024-001        Date: 03/04/2024
            Total: EUR 1.234,50
            Contact: billing@acme.example
            """),
            new FieldDefinition("invoice_number", FieldType.String, Required: true),
            new FieldDefinition("invoice_date", FieldType.Date, Aliases: ["Date"]),
            new FieldDefinition("total", FieldType.CurrencyAmount, Required: true),
            new FieldDefinition("email", FieldType.Email),
            new FieldDefinition("po_number", FieldType.String, Required: true));

        Assert.Equal("\"INV-2024-001\"", row.Cells["invoice_number"].Value!.ToJsonString());
        Assert.Equal("\"2024-04-03\"", row.Cells["invoice_date"].Value!.ToJsonString());
        Assert.Equal(CellIssues.AmbiguousValue, row.Cells["invoice_date"].Issue);
        Assert.Equal("03/04/2024", row.Cells["invoice_date"].Raw);
        Assert.Equal(1234.50m, row.Cells["total"].Value!.GetValue<decimal>());
        Assert.Equal("EUR 1.234,50", row.Cells["total"].Raw);
        Assert.Equal("\"billing@acme.example\"", row.Cells["email"].Value!.ToJsonString());
        Assert.False(row.Cells["po_number"].IsFilled);
        Assert.Equal(["ambiguous_value:invoice_date", "low_confidence:email", "missing_required_field:po_number"], row.Flags.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(RowStatuses.Review, row.Status);
    }

    [Fact]
    public async Task FindsInvoiceFieldsInAPdf()
    {
        var content = await ReadPdf(Invoice("Acme GmbH", ("Invoice No", "INV-2024-001"), ("Date", "15.03.2024"), ("Total", "EUR 1.234,50")));
        var row = await RunPipeline(content,
            new FieldDefinition("invoice_number", FieldType.String, Required: true),
            new FieldDefinition("invoice_date", FieldType.Date, Required: true, Aliases: ["Date"]),
            new FieldDefinition("total", FieldType.CurrencyAmount, Required: true),
            new FieldDefinition("currency", FieldType.CurrencyCode));

        Assert.Equal("INV-2024-001", Raw(row.Cells["invoice_number"]));
        Assert.Equal("2024-03-15", Raw(row.Cells["invoice_date"]));
        Assert.Equal(1234.50m, row.Cells["total"].Value!.GetValue<decimal>());
        Assert.Equal("EUR", Raw(row.Cells["currency"]));

        var source = row.Cells["invoice_number"].Source!;
        Assert.Equal(1, source.Page);
        Assert.Equal("INV-2024-001", source.Text);
        Assert.Equal(170, source.Bbox.X0, 2);
        Assert.Equal(82.102, source.Bbox.Y0, 2);
        Assert.Equal(238.475, source.Bbox.X1, 2);
        Assert.Equal(90, source.Bbox.Y1, 2);

        var total = row.Cells["total"].Source!;
        Assert.Equal("EUR 1.234,50", total.Text);
        Assert.Equal(170, total.Bbox.X0, 2);
        Assert.Equal(239.091, total.Bbox.X1, 2);

        Assert.Equal(0.897, row.Cells["invoice_number"].Confidence);
        Assert.Equal(0.9085, row.Cells["invoice_date"].Confidence);
        Assert.Equal(0.897, row.Cells["total"].Confidence);
        Assert.Equal(0.6, row.Cells["currency"].Confidence);       // found without a label
        Assert.Equal(["low_confidence:currency"], row.Flags.ToArray());
        Assert.Equal(0.4386, row.Confidence); // the chance that all four are right
        Assert.Equal(RowStatuses.Review, row.Status);
    }

    [Fact]
    public async Task FindsAValueBelowItsLabelInAPdf()
    {
        var content = await ReadPdf(Page(new TextLine("Invoice Date", 50, 100), new TextLine("15 January 2024", 50, 115)));
        var row = await Resolve(content, new FieldDefinition("invoice_date", FieldType.Date));
        var cell = row.Cells["invoice_date"];
        Assert.Equal("15 January 2024", Raw(cell));
        Assert.Equal(115, cell.Source!.Bbox.Y1, 2);
        Assert.Equal(0.8098, cell.Confidence); // 0.82 × (0.75 + 0.25 × 0.95)
    }

    [Fact]
    public async Task TheSourcePageIsThePageTheValueIsOn()
    {
        var content = await ReadPdf(Pages(
        [
            [new TextLine("Acme GmbH", 50, 100)],
            [new TextLine("Total due:", 50, 100), new TextLine("$ 4,250.00", 170, 100)],
        ]));
        var row = await RunPipeline(content, new FieldDefinition("total_due", FieldType.CurrencyAmount));
        var cell = row.Cells["total_due"];
        Assert.Equal(4250m, cell.Value!.GetValue<decimal>());
        Assert.Equal(2, cell.Source!.Page);
        Assert.Equal("$ 4,250.00", cell.Source.Text);
    }

    [Fact]
    public void DateOrderDecidesAmbiguousDates()
    {
        var field = new FieldDefinition("date", FieldType.Date);
        Assert.Equal("03/04/2024", Raw(Extract("Date: 03/04/2024", field, DateOrder.MonthFirst)));
        var (us, issue) = NormalizePhase.Normalize(field, "03/04/2024", DateOrder.MonthFirst);
        Assert.Equal("2024-03-04", us!.GetValue<string>());
        Assert.Equal(CellIssues.AmbiguousValue, issue);
        Assert.Equal(0.9085, Extract("Date: 03/04/2024", field)!.Confidence);
    }
}
