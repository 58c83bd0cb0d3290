using Quarry.Core.Documents;
using Quarry.Core.Extraction;
using Quarry.Core.Readers;
using Quarry.Core.Schemas;
using static Quarry.Core.Tests.TestRead;

namespace Quarry.Core.Tests;

/// <summary>The same invoice in every format gives the same words, with each label left of its value on one line; damaged copies fail only with DocumentReadException.</summary>
public class InvoiceAcrossFormatsTests
{
    public static TheoryData<string> Formats => ["docx", "xlsx", "xls", "csv", "html", "json", "xml"];

    private static (IDocumentReader Reader, byte[] Bytes) Invoice(string format) => format switch
    {
        "docx" => (new DocxReader(), InvoiceSample.Docx()),
        "xlsx" => (new XlsxReader(), InvoiceSample.Xlsx()),
        "xls" => (new XlsReader(), InvoiceSample.Xls()),
        "csv" => (new CsvReader(), InvoiceSample.Utf8(InvoiceSample.Csv)),
        "html" => (new HtmlReader(), InvoiceSample.Utf8(InvoiceSample.Html)),
        "json" => (new JsonReader(), InvoiceSample.Utf8(InvoiceSample.Json)),
        "xml" => (new XmlFileReader(), InvoiceSample.Utf8(InvoiceSample.Xml)),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static Task<DocumentContent> ReadInvoice(string format)
    {
        var (reader, bytes) = Invoice(format);
        return Read(reader, bytes, "invoice." + format);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task TheInvoiceWordsAreThere(string format)
    {
        var words = AllWords(await ReadInvoice(format)).ToHashSet(StringComparer.Ordinal);
        foreach (var expected in new[] { "INV-2024-001", "2024-10-01", "4,250.00", "A-1", "B-2", "Widget", "Gadget", "1,000.00", "3,250.00" })
            Assert.Contains(expected, words);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task EachLabelIsLeftOfItsValueOnOneLine(string format)
    {
        var content = await ReadInvoice(format);
        AssertLabelLeftOfValue(content, "Number", "INV-2024-001");
        AssertLabelLeftOfValue(content, "Date", "2024-10-01");
        AssertLabelLeftOfValue(content, "Total", "4,250.00");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task WordBoxesAreCharacterCellsOnTheirLine(string format)
    {
        var content = await ReadInvoice(format);
        foreach (var page in content.Pages)
        {
            foreach (var line in page.Lines)
            {
                Assert.All(line.Words, w => Assert.Equal(w.Text.Length, w.Box.Width));
                Assert.All(line.Words, w => Assert.Equal(line.Words[0].Box.Y0, w.Box.Y0));
                Assert.True(line.Words.Zip(line.Words.Skip(1)).All(p => p.First.Box.X1 < p.Second.Box.X0), "words overlap or are out of order");
                Assert.True(line.Box.X1 <= page.Width && line.Box.Y1 <= page.Height);
            }
        }
    }

    [Theory]
    [InlineData("docx")]
    [InlineData("xlsx")]
    [InlineData("xls")]
    [InlineData("csv")]
    [InlineData("html")]
    [InlineData("json")]
    public async Task TheLabelValueExtractorFindsTheFields(string format)
    {
        var content = await ReadInvoice(format);
        var extractor = new LabelValueExtractor();
        Assert.Equal("INV-2024-001", extractor.Extract(new FieldDefinition("invoice_number", FieldType.String), content)?.Raw);
        Assert.Equal("2024-10-01", extractor.Extract(new FieldDefinition("date", FieldType.Date), content)?.Raw);
        Assert.Equal("4,250.00", extractor.Extract(new FieldDefinition("total", FieldType.CurrencyAmount), content)?.Raw);
    }

    [Theory]
    [InlineData("docx")]
    [InlineData("xlsx")]
    [InlineData("xls")]
    [InlineData("csv")]
    [InlineData("html")]
    public async Task TheLineItemsAreATable(string format)
    {
        var content = await ReadInvoice(format);
        var table = content.Tables.Single(t => t.Cells.Any(c => c.Text == "Widget"));
        var widget = table.Cells.Single(c => c.Text == "Widget");
        var sku = table.Cells.Single(c => c.Row == widget.Row && c.Column == widget.Column - 1);
        var amount = table.Cells.Single(c => c.Row == widget.Row && c.Column == widget.Column + 2);
        var header = table.Cells.Single(c => c.Row == widget.Row - 1 && c.Column == widget.Column);
        Assert.Equal("A-1", sku.Text);
        Assert.Equal("1,000.00", amount.Text);
        Assert.Equal("Description", header.Text);
        Assert.Contains("| SKU | Description | Qty | Amount |", content.Markdown, StringComparison.Ordinal);
        Assert.Contains("| A-1 | Widget | 2 | 1,000.00 |", content.Markdown, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task DamagedFilesFailOnlyWithDocumentReadException(string format)
    {
        var (reader, original) = Invoice(format);
        var random = new Random(format.Length * 31 + format[0]);
        for (var round = 0; round < 60; round++)
        {
            var bytes = (byte[])original.Clone();
            // Flip a few bytes, or cut the file short.
            if (round % 4 == 3)
                bytes = bytes[..random.Next(bytes.Length)];
            else
                for (var k = 0; k < 1 + round % 5; k++)
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            try
            {
                await Read(reader, bytes, "damaged." + format);
            }
            catch (DocumentReadException)
            {
                // The one acceptable failure.
            }
        }
    }
}
