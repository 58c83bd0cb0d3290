using Quarry.Core.Extraction;
using Quarry.Core.Readers;
using Quarry.Core.Schemas;
using Quarry.Core.Values;

namespace Quarry.Core.Tests;

/// <summary>The total a receipt's tender and change imply, and how it weighs against the labels (synthetic receipts).</summary>
public class ReceiptArithmeticTests
{
    private static readonly FieldDefinition Total = new("total", FieldType.CurrencyAmount);

    private static Cell? Extract(string text) => new LabelValueExtractor().Extract(Total, PlainTextReader.FromText(text));

    private static decimal Amount(Cell? cell)
    {
        Assert.NotNull(cell);
        Assert.True(AmountValue.TryFind(cell.Value!.GetValue<string>(), out var a, out _, out _));
        return a.Value;
    }

    [Fact]
    public void Tender_less_change_is_the_total_when_the_page_prints_it_above_the_tender()
    {
        var implied = ReceiptArithmetic.Find(PlainTextReader.FromText("ITEM 8.80\nTOTAL INCLUDES GST 6% 9.00\nCASH 50.00\nCHANGE 41.00"));

        Assert.NotNull(implied);
        Assert.Equal(9.00m, implied.Total);
        Assert.Equal(50.00m, implied.Tendered);
        Assert.Equal(41.00m, implied.Change);
        Assert.Equal("9.00", implied.Printed.Text);
        Assert.True(implied.TenderLabelled);
    }

    [Theory]
    // no amount on the page is the difference: nothing is made up from two readings alone
    [InlineData("CASH 50.00\nCHANGE 41.00")]
    // a tender no smaller than the change is no tender
    [InlineData("TOTAL 5.00\nCASH 5.00\nCHANGE 5.00")]
    // a change with no line above it holding an amount
    [InlineData("THANK YOU\nCHANGE 0.00")]
    public void Nothing_is_implied_without_a_printed_difference(string text) =>
        Assert.Null(ReceiptArithmetic.Find(PlainTextReader.FromText(text)));

    [Fact]
    public void A_total_whose_label_OCR_mangled_is_read_from_the_arithmetic()
    {
        var cell = Extract("SUB-TOTAL 92.50\nGST 1.50\nROUNDING 0.00\nT L 94.00\nCASH 94.00\nCHANGE 0.00");

        Assert.Equal(94.00m, Amount(cell));
        Assert.Equal(EvidenceKinds.Arithmetic, cell!.Evidence!.Kind);
    }

    [Fact]
    public void The_line_above_the_change_is_the_tender_even_when_its_label_is_mangled_but_it_counts_for_less()
    {
        var bare = Extract("TO : RM 73.00\nCA : RM 73.00\nCHANGE: RM 0.00");
        var labelled = Extract("TO : RM 73.00\nCASH : RM 73.00\nCHANGE: RM 0.00");

        Assert.Equal(73.00m, Amount(bare));
        Assert.Equal(73.00m, Amount(labelled));
        Assert.True(bare!.Confidence < labelled!.Confidence);
    }

    [Theory]
    // a look-alike label ("total includes" usually announces the tax) is confirmed by the arithmetic
    [InlineData("TOTAL INCLUDES GST 0% 8.20\nCASH 20.20\nCHANGE 12.00", 8.20)]
    // the amount tendered, change given, is not the total however it is labelled
    [InlineData("AMOUNT INCL. GST 5.00\nACCEPTED TOTAL 10.00\nCHANGE 5.00", 5.00)]
    // a "total" printed below the change is a note on the tax
    [InlineData("DUE 25.15\nPAY 25.15\nCHANGE 0.00\n(TOTAL INCLUDED GST @ 6% : 1.42)", 25.15)]
    public void The_arithmetic_outweighs_a_label_that_contradicts_it(string text, double expected)
    {
        var cell = Extract(text);

        Assert.Equal((decimal)expected, Amount(cell));
        Assert.Equal(EvidenceKinds.Arithmetic, cell!.Evidence!.Kind);
    }

    [Theory]
    // the arithmetic agrees: the label's cell is kept as it is
    [InlineData("TOTAL 9.00\nCASH 50.00\nCHANGE 41.00", 9.00, EvidenceKinds.Label)]
    // the difference is not printed: the label stands
    [InlineData("TOTAL 9.00\nCASH 50.00\nCHANGE 40.00", 9.00, EvidenceKinds.Label)]
    // total and tender less change differ by a cash rounding: CashRounding's business, not a contradiction
    [InlineData("TOTAL 72.93\nSUBTOTAL 72.95\nCASH 100.00\nCHANGE 27.05", 72.93, EvidenceKinds.Label)]
    public void A_label_the_arithmetic_does_not_contradict_stands(string text, double expected, string kind)
    {
        var cell = Extract(text);

        Assert.Equal((decimal)expected, Amount(cell));
        Assert.Equal(kind, cell!.Evidence!.Kind);
    }

    [Theory]
    // a parenthesis after the label qualifies it: not the look-alike "total gst"
    [InlineData("TOTAL (GST INCL) 38.37\nCASH 40.35", 38.37)]
    [InlineData("TOTAL GST : 0.42\nTOTAL 7.42", 7.42)]
    [InlineData("SUB TOTAL 129.30\nAMT DUE 129.30\nGST @6% 7.30", 129.30)]
    public void Total_labels_abbreviated_or_qualified_are_read(string text, double expected) =>
        Assert.Equal((decimal)expected, Amount(Extract(text)));
}
