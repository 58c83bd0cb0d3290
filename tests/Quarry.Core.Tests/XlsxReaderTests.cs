using System.Diagnostics;
using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Quarry.Core.Readers;
using static Quarry.Core.Tests.TestOffice;
using static Quarry.Core.Tests.TestRead;

namespace Quarry.Core.Tests;

public class XlsxReaderTests
{
    private static Task<Documents.DocumentContent> ReadXlsx(byte[] xlsx, ReaderLimits? limits = null) =>
        Read(new XlsxReader(), xlsx, "test.xlsx", limits);

    private static string CellAt(Documents.DocumentContent content, int row, int column, int page = 1) =>
        content.Tables.Single(t => t.Page == page).Cells.Single(c => c.Row == row && c.Column == column).Text;

    [Fact]
    public async Task TheSheetIsATableAndItsRowsAreLines()
    {
        var content = await ReadXlsx(InvoiceSample.Xlsx());
        Assert.Equal(
            ["Invoice Number INV-2024-001", "Date 2024-10-01", "SKU Description Qty Amount", "A-1 Widget 2 1,000.00", "B-2 Gadget 1 3,250.00", "Total 4,250.00"],
            LineTexts(content));
        // the empty row 3 is left out: row 0 is A1, row 2 is A4
        Assert.Equal("SKU", CellAt(content, 2, 0));
        Assert.Equal("4,250.00", CellAt(content, 5, 3));
        Assert.StartsWith("## Invoice\n", content.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValuesAreShownAsExcelShowsThemWithoutCulture()
    {
        var date = new DateTime(2024, 10, 1, 14, 30, 0).ToOADate().ToString(CultureInfo.InvariantCulture);
        var xlsx = Xlsx(("Values",
        [
            Row(1, Number("A1", "4250.5", Money), Number("B1", "4250.5", Euro), Number("C1", "0.30000000000000004"), Number("D1", "1234567")),
            Row(2, Number("A2", "45566", BuiltInDate), Number("B2", "45566", IsoDate), Number("C2", date), Bool("D2", true)),
            Row(3, Inline("A3", "line_x000D_break"), Number("B3", "-12.5", Money), Number("C3", "1E+20"), Bool("D3", false)),
        ]));
        var content = await ReadXlsx(xlsx);
        Assert.Equal("4,250.50", CellAt(content, 0, 0));
        Assert.Equal("4,250.50 EUR", CellAt(content, 0, 1));
        Assert.Equal("0.3", CellAt(content, 0, 2));
        Assert.Equal("1234567", CellAt(content, 0, 3));
        Assert.Equal("2024-10-01", CellAt(content, 1, 0));
        Assert.Equal("2024-10-01", CellAt(content, 1, 1));
        Assert.Equal("45566.6041666667", CellAt(content, 1, 2)); // no date format: a number
        Assert.Equal("TRUE", CellAt(content, 1, 3));
        Assert.Equal("line\nbreak", CellAt(content, 2, 0)); // _x000D_ is a CR; the table keeps line breaks as LF
        Assert.Equal("-12.50", CellAt(content, 2, 1));
        Assert.Equal("1E+20", CellAt(content, 2, 2));
        Assert.Equal("FALSE", CellAt(content, 2, 3));
    }

    [Fact]
    public async Task EachSheetIsAPageNumberedByItsPosition()
    {
        var xlsx = Xlsx(
            ("First", [Row(1, Inline("A1", "one"))]),
            ("Empty", []),
            ("Third", [Row(2, Inline("B2", "three"))]));
        var content = await ReadXlsx(xlsx);
        Assert.Equal([1, 2, 3], content.Pages.Select(p => p.Number).ToArray());
        Assert.Empty(content.Pages[1].Lines);
        Assert.Equal("three", content.Pages[2].Lines.Single().Text);
        Assert.Equal([1, 3], content.Tables.Select(t => t.Page).ToArray());
        Assert.Contains("## Third", content.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CellsWithoutReferencesFollowEachOther()
    {
        var row = new Row(new Cell(new InlineString(new Text("a"))) { DataType = CellValues.InlineString },
            new Cell(new InlineString(new Text("b"))) { DataType = CellValues.InlineString });
        var content = await ReadXlsx(Xlsx(("S", [row])));
        Assert.Equal("a b", LineTexts(content).Single());
    }

    [Fact]
    public async Task RichTextAndPhoneticGuidesInSharedStrings()
    {
        var xlsx = Xlsx(("S", [Row(1, Shared("A1", "Total"))]));
        var sst = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\">"
            + "<si><r><t>Grand </t></r><r><rPr><b/></rPr><t>Total</t></r><rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si></sst>";
        // "Total" is index 2 of the table the helper writes; keep three items so the index holds.
        sst = sst.Replace("<si>", "<si><t>x</t></si><si><t>y</t></si><si>", StringComparison.Ordinal);
        var content = await ReadXlsx(ReplaceEntry(xlsx, "xl/sharedStrings.xml", sst));
        Assert.Equal("Grand Total", LineTexts(content).Single());
    }

    [Fact]
    public async Task AMillionCellsAreTooLargeAtTheDefaultLimits()
    {
        var xlsx = LargeSheet(1000, 1000);
        var watch = Stopwatch.StartNew();
        var e = await Fails(new XlsxReader(), xlsx, "huge.xlsx", DocumentErrorCodes.FileTooLarge);
        Assert.Contains("cells", e.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task CellsOverTheLimitAreTooLarge() =>
        await Fails(new XlsxReader(), LargeSheet(50, 40), "many.xlsx", DocumentErrorCodes.FileTooLarge, new ReaderLimits(MaxTextChars: 100_000));

    [Fact]
    public async Task CellsUnderTheLimitAreRead()
    {
        var content = await ReadXlsx(LargeSheet(20, 40), new ReaderLimits(MaxTextChars: 100_000));
        Assert.Equal(800, content.Tables.Single().Cells.Count);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ATruncatedXlsxIsCorrupt(int fraction)
    {
        var xlsx = InvoiceSample.Xlsx();
        await Fails(new XlsxReader(), xlsx[..(xlsx.Length / fraction)], "cut.xlsx", DocumentErrorCodes.CorruptFile);
    }

    [Fact]
    public async Task ASheetWithADtdIsRefused()
    {
        var sheet = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData/></worksheet>";
        var e = await Fails(new XlsxReader(), ReplaceEntry(InvoiceSample.Xlsx(), "xl/worksheets/sheet1.xml", sheet), "dtd.xlsx", DocumentErrorCodes.CorruptFile);
        Assert.Contains("DTDs are refused", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMacroEnabledWorkbookIsReadToo()
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, DocumentFormat.OpenXml.SpreadsheetDocumentType.MacroEnabledWorkbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook(new Sheets());
            var ws = wb.AddNewPart<WorksheetPart>();
            ws.Worksheet = new Worksheet(new SheetData(Row(1, Inline("A1", "Total"), Number("B1", "4250"))));
            wb.Workbook.Sheets!.Append(new Sheet { Name = "M", SheetId = 1, Id = wb.GetIdOfPart(ws) });
        }
        Assert.Equal("Total 4250", LineTexts(await Read(new XlsxReader(), ms.ToArray(), "macro.xlsm")).Single());
    }

    [Fact]
    public async Task MoreSheetsThanPagesAllowedAreRefused()
    {
        var xlsx = Xlsx(("a", []), ("b", []), ("c", []));
        await Fails(new XlsxReader(), xlsx, "sheets.xlsx", DocumentErrorCodes.PageLimitExceeded, new ReaderLimits(MaxPages: 2));
    }

    [Theory]
    [InlineData("xlsx", true)]
    [InlineData("docx", false)]
    [InlineData("ole", false)]
    public void ReadsXlsxKindOnly(string kind, bool expected) =>
        Assert.Equal(expected, new XlsxReader().CanRead(new SniffResult("application/octet-stream", kind)));

    /// <summary>An XLSX whose one sheet has rows × columns numeric cells, its XML written directly (the SDK's DOM would be slow).</summary>
    private static byte[] LargeSheet(int rows, int columns)
    {
        var xml = new StringBuilder("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        for (var r = 1; r <= rows; r++)
        {
            xml.Append("<row r=\"").Append(r).Append("\">");
            for (var c = 0; c < columns; c++)
                xml.Append("<c><v>").Append(c).Append("</v></c>");
            xml.Append("</row>");
        }
        xml.Append("</sheetData></worksheet>");
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook(new Sheets());
            var ws = wb.AddNewPart<WorksheetPart>();
            using (var s = new MemoryStream(Encoding.UTF8.GetBytes(xml.ToString())))
                ws.FeedData(s);
            wb.Workbook.Sheets!.Append(new Sheet { Name = "Big", SheetId = 1, Id = wb.GetIdOfPart(ws) });
        }
        return ms.ToArray();
    }
}
