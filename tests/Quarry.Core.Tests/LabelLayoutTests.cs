using Quarry.Core.Extraction;
using Quarry.Core.Readers;
using Quarry.Core.Schemas;

namespace Quarry.Core.Tests;

/// <summary>Labels in the layouts invoices use beyond "Label: value": header rows, rates with a base, sentences, unlabelled due dates.</summary>
public class LabelLayoutTests
{
    private static string? Raw(string text, FieldDefinition field) =>
        new LabelValueExtractor().Extract(field, PlainTextReader.FromText(text))?.Raw;

    [Fact]
    public void AHeaderRowOfLabelsHasItsValuesBelow()
    {
        const string text = """
            Invoice Date:        Due Date:           Reference:
            03/20/2023           04/04/2023          CUSTREF123
            """;
        Assert.Equal("03/20/2023", Raw(text, new FieldDefinition("invoice_date", FieldType.Date)));
        Assert.Equal("04/04/2023", Raw(text, new FieldDefinition("due_date", FieldType.Date)));
    }

    [Theory]
    [InlineData("Tax 15% on $ 112.90        $ 16.94", "16.94")]
    [InlineData("MwSt 19% auf 100,00 EUR     19,00 EUR", "19,00 EUR")]
    [InlineData("Tax 15%        $ 16.94", "$ 16.94")]
    public void AnAmountARateAppliesToIsNotTheTax(string line, string expected) =>
        Assert.Equal(expected, Raw(line, new FieldDefinition("tax", FieldType.CurrencyAmount)));

    [Fact]
    public void ALabelInsideASentenceDoesNotMakeTheRestOfTheSentenceAValue()
    {
        const string text = "such provision will be enforceable to the maximum extent enforceable by the law of that jurisdiction.";
        Assert.Null(Raw(text, new FieldDefinition("jurisdiction", FieldType.String)));
    }

    [Fact]
    public void ADueDateIsNeverTheFirstDateOnThePage()
    {
        const string text = "ACME Ltd\nInvoice 2024-17   15/03/2024\nTotal 12.00";
        Assert.Null(Raw(text, new FieldDefinition("due_date", FieldType.Date)));
        Assert.Equal("15/03/2024", Raw(text, new FieldDefinition("invoice_date", FieldType.Date)));
    }

    [Theory]
    [InlineData("Invoice Date: 03/20/2023")]   // "invoice" announces the number, "invoice date" does not
    [InlineData("Invoice Total: 1,200.00")]
    public void InvoiceAloneIsALabelOfTheNumberButNotInsideOtherLabels(string line) =>
        Assert.Null(Raw(line, new FieldDefinition("invoice_number", FieldType.String)));

    [Fact]
    public void ATotalInARowOfATaxTableIsNotTheDocumentsTotal()
    {
        const string text = "TOTAL              4.90\nCASH               5.00\nTOTAL :            4.60        0.28";
        Assert.Equal("4.90", Raw(text, new FieldDefinition("total", FieldType.CurrencyAmount)));
    }

    [Fact]
    public void ATotalUnderASummaryHeadingSumsTheSummary()
    {
        const string text = "TOTAL              4.90\nCASH               5.00\nGST SUMMARY\nAMOUNT (RM)   TAX (RM)\nTOTAL :            4.60";
        Assert.Equal("4.90", Raw(text, new FieldDefinition("total", FieldType.CurrencyAmount)));
    }
}
