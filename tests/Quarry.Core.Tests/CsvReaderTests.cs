using System.Text;
using Quarry.Core.Readers;
using static Quarry.Core.Tests.TestRead;

namespace Quarry.Core.Tests;

public class CsvReaderTests
{
    private static Task<Documents.DocumentContent> ReadCsv(byte[] bytes, string name = "test.csv", ReaderLimits? limits = null) =>
        Read(new CsvReader(), bytes, name, limits);

    private static Task<Documents.DocumentContent> ReadCsv(string text, string name = "test.csv") =>
        ReadCsv(Encoding.UTF8.GetBytes(text), name);

    private static string[][] Rows(Documents.DocumentContent content)
    {
        var cells = content.Tables.Single().Cells;
        return cells.GroupBy(c => c.Row).OrderBy(g => g.Key).Select(g => g.OrderBy(c => c.Column).Select(c => c.Text).ToArray()).ToArray();
    }

    [Theory]
    [InlineData("Name,Amount\nWidget,12.50\nGadget,3.00\n")]
    [InlineData("Name;Amount\nWidget;12.50\nGadget;3.00\n")]
    [InlineData("Name\tAmount\nWidget\t12.50\nGadget\t3.00\n")]
    [InlineData("Name|Amount\nWidget|12.50\nGadget|3.00\n")]
    [InlineData("Name;Amount\r\nWidget;12.50\r\nGadget;3.00")]
    public async Task TheDelimiterIsSniffed(string csv)
    {
        var content = await ReadCsv(csv);
        Assert.Equal([["Name", "Amount"], ["Widget", "12.50"], ["Gadget", "3.00"]], Rows(content));
        Assert.Equal(["Name Amount", "Widget 12.50", "Gadget 3.00"], LineTexts(content));
    }

    [Fact]
    public async Task DelimitersInsideQuotesDoNotCount()
    {
        // Commas abound in the quoted amounts, but only semicolons split every record alike.
        var content = await ReadCsv("Item;Amount\n\"Widget, large\";\"1,000.00\"\n\"Gadget, small\";\"3,250.00\"\n");
        Assert.Equal([["Item", "Amount"], ["Widget, large", "1,000.00"], ["Gadget, small", "3,250.00"]], Rows(content));
    }

    [Fact]
    public async Task DecimalCommasWithSemicolonsAreNotSplit()
    {
        var content = await ReadCsv("Artikel;Betrag\nA;1,50\nB;2,75\n");
        Assert.Equal([["Artikel", "Betrag"], ["A", "1,50"], ["B", "2,75"]], Rows(content));
    }

    [Fact]
    public async Task QuotedFieldsHoldQuotesDelimitersAndLineBreaks()
    {
        var content = await ReadCsv("id,note\r\n1,\"He said \"\"hi\"\", then left\"\r\n2,\"two\r\nlines\"\r\n3,plain\r\n");
        var rows = Rows(content);
        Assert.Equal("He said \"hi\", then left", rows[1][1]);
        Assert.Equal("two\nlines", rows[2][1]);
        Assert.Equal(["id note", "1 He said \"hi\", then left", "2 two lines", "3 plain"], LineTexts(content));
    }

    [Fact]
    public async Task TheHeaderRowIsRowZero()
    {
        var content = await ReadCsv(InvoiceSample.Utf8(InvoiceSample.Csv));
        var header = content.Tables.Single().Cells.Where(c => c.Row == 0).Select(c => c.Text).ToArray();
        Assert.Equal(["Invoice Number", "INV-2024-001", "", ""], header);
    }

    [Fact]
    public async Task ColumnsLineUpSoTheLabelStaysLeftOfItsValue()
    {
        var content = await ReadCsv("Description,Amount\nSubtotal,\"4,000.00\"\nTotal,\"4,250.00\"\n");
        var lines = content.Pages.Single().Lines;
        Assert.Equal(lines[1].Words[1].Box.X0, lines[2].Words[1].Box.X0);
        Assert.True(lines[2].Words[1].Box.X0 - lines[2].Words[0].Box.X1 > 3);
    }

    public static TheoryData<string, byte[]> Encodings()
    {
        const string text = "Société;Montant\nCafé;12,50 €\n";
        var utf16 = new UnicodeEncoding(false, true);
        var utf16Be = new UnicodeEncoding(true, true);
        return new()
        {
            { "utf-8", Encoding.UTF8.GetBytes(text) },
            { "utf-8 bom", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)] },
            { "utf-16 le bom", [.. utf16.GetPreamble(), .. utf16.GetBytes(text)] },
            { "utf-16 be bom", [.. utf16Be.GetPreamble(), .. utf16Be.GetBytes(text)] },
            { "windows-1252", LegacyEncodings.Windows1252.GetBytes(text) },
        };
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task TheEncodingIsSniffed(string encoding, byte[] bytes)
    {
        Assert.NotNull(encoding);
        var content = await ReadCsv(bytes);
        Assert.Equal([["Société", "Montant"], ["Café", "12,50 €"]], Rows(content));
    }

    [Fact]
    public async Task ATsvNamePrefersTabs()
    {
        var content = await ReadCsv("a,b\tc,d\ne,f\tg,h\n", "data.tsv");
        Assert.Equal([["a,b", "c,d"], ["e,f", "g,h"]], Rows(content));
    }

    [Fact]
    public async Task RaggedRowsAreReadAndBlankLinesLeftOut()
    {
        var content = await ReadCsv("a,b,c\n\nd\ne,f\n");
        Assert.Equal([["a", "b", "c"], ["d", "", ""], ["e", "f", ""]], Rows(content));
    }

    [Fact]
    public async Task AnUnclosedQuoteRunsToTheEnd()
    {
        var content = await ReadCsv("a,\"b\nc");
        Assert.Equal([["a", "b\nc"]], Rows(content));
    }

    [Fact]
    public async Task AnEmptyFileIsAnEmptyPage()
    {
        var content = await ReadCsv("");
        Assert.Empty(content.Pages.Single().Lines);
        Assert.Empty(content.Tables);
    }

    [Fact]
    public async Task TextOverTheLimitIsTooLarge() =>
        await Fails(new CsvReader(), Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("abc,def\n", 200))), "big.csv",
            DocumentErrorCodes.FileTooLarge, new ReaderLimits(MaxTextChars: 1000));

    [Fact]
    public async Task CellsOverTheLimitAreTooLarge() =>
        // 1,000 characters but 500 cells: the cell limit (text limit / 100 = 50) stops it.
        await Fails(new CsvReader(), Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("1,2\n", 250))), "cells.csv",
            DocumentErrorCodes.FileTooLarge, new ReaderLimits(MaxTextChars: 5000));

    [Theory]
    [InlineData("csv", true)]
    [InlineData("text", false)]
    public void ReadsCsvKindOnly(string kind, bool expected) =>
        Assert.Equal(expected, new CsvReader().CanRead(new SniffResult("text/csv", kind)));

    [Theory]
    [InlineData("a,b", ',', new[] { "a|b" })]
    [InlineData("a,b,", ',', new[] { "a|b|" })]
    [InlineData("a\r\nb\rc\n", ',', new[] { "a", "b", "c" })]
    [InlineData("\"a\"\"b\",c", ',', new[] { "a\"b|c" })]
    [InlineData("\"a\"x,c", ',', new[] { "ax|c" })]
    [InlineData("a\"b,c", ',', new[] { "a\"b|c" })]
    [InlineData(",", ',', new[] { "|" })]
    public void TheParserFollowsRfc4180AndForgives(string text, char delimiter, string[] expected) =>
        Assert.Equal(expected, CsvParser.Parse(text, delimiter).Select(r => string.Join('|', r)).ToArray());
}
