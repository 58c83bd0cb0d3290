using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Quarry.Core.Tests;

/// <summary>Real DOCX and XLSX files made with the OpenXML SDK, and ways to spoil them.</summary>
internal static class TestOffice
{
    public static byte[] Docx(params OpenXmlElement[] blocks) => Docx(blocks, null);

    public static byte[] Docx(OpenXmlElement[] blocks, string? headerText)
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new W.Document(new W.Body(blocks));
            if (headerText is not null)
            {
                var header = main.AddNewPart<HeaderPart>();
                header.Header = new W.Header(Paragraph(headerText));
                var id = main.GetIdOfPart(header);
                main.Document.Body!.Append(new W.SectionProperties(new W.HeaderReference { Id = id, Type = W.HeaderFooterValues.Default }));
            }
        }
        return ms.ToArray();
    }

    /// <summary>A paragraph; '\t' in the text becomes a tab, '\n' a line break.</summary>
    public static W.Paragraph Paragraph(string text, string? style = null)
    {
        var run = new W.Run();
        var parts = text.Split('\n');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0) run.Append(new W.Break());
            var tabs = parts[i].Split('\t');
            for (var j = 0; j < tabs.Length; j++)
            {
                if (j > 0) run.Append(new W.TabChar());
                if (tabs[j].Length > 0) run.Append(new W.Text(tabs[j]) { Space = SpaceProcessingModeValues.Preserve });
            }
        }
        var p = new W.Paragraph(run);
        if (style is not null)
            p.PrependChild(new W.ParagraphProperties(new W.ParagraphStyleId { Val = style }));
        return p;
    }

    public static W.Table Table(params string[][] rows) =>
        new(rows.Select(r => new W.TableRow(r.Select(c => new W.TableCell(c.Split('\n').Select(line => Paragraph(line)))))));

    /// <summary>An XLSX; each sheet is rows of cells made by <see cref="Cell"/>-style factories.</summary>
    public static byte[] Xlsx(params (string Name, Row[] Rows)[] sheets)
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook(new Sheets());
            var styles = wb.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Styles();
            var sst = wb.AddNewPart<SharedStringTablePart>();
            sst.SharedStringTable = new SharedStringTable(SharedStrings.Select(s => new SharedStringItem(new Text(s))));
            uint id = 1;
            foreach (var (name, rows) in sheets)
            {
                var ws = wb.AddNewPart<WorksheetPart>();
                ws.Worksheet = new Worksheet(new SheetData(rows));
                wb.Workbook.Sheets!.Append(new Sheet { Name = name, SheetId = id++, Id = wb.GetIdOfPart(ws) });
            }
        }
        return ms.ToArray();
    }

    /// <summary>Strings of the shared-string table made by <see cref="Xlsx"/>; <see cref="Shared"/> points into it.</summary>
    public static readonly string[] SharedStrings = ["Invoice Number", "Date", "Total", "SKU", "Description", "Qty", "Amount", "Widget", "Gadget"];

    /// <summary>Cell styles made by <see cref="Xlsx"/>: 1 = #,##0.00, 2 = built-in date (14), 3 = custom yyyy-mm-dd, 4 = custom #,##0.00 "EUR".</summary>
    public const uint Money = 1, BuiltInDate = 2, IsoDate = 3, Euro = 4;

    private static Stylesheet Styles() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy\\-mm\\-dd" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "#,##0.00 \"EUR\"" }),
        new Fonts(new Font()),
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None })),
        new Borders(new Border()),
        new CellFormats(
            new CellFormat { NumberFormatId = 0 },
            new CellFormat { NumberFormatId = 4, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true }));

    public static Row Row(uint index, params Cell[] cells) => new(cells) { RowIndex = index };

    public static Cell Shared(string reference, string text) =>
        new(new CellValue(Array.IndexOf(SharedStrings, text).ToString(System.Globalization.CultureInfo.InvariantCulture))) { CellReference = reference, DataType = CellValues.SharedString };

    public static Cell Inline(string reference, string text) =>
        new(new InlineString(new Text(text))) { CellReference = reference, DataType = CellValues.InlineString };

    public static Cell Number(string reference, string value, uint? style = null) =>
        new(new CellValue(value)) { CellReference = reference, StyleIndex = style };

    public static Cell Bool(string reference, bool value) =>
        new(new CellValue(value ? "1" : "0")) { CellReference = reference, DataType = CellValues.Boolean };

    /// <summary>The same package with one entry's content replaced (or added).</summary>
    public static byte[] ReplaceEntry(byte[] package, string name, byte[] content, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var ms = new MemoryStream();
        ms.Write(package);
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(name)?.Delete();
            using var s = zip.CreateEntry(name, level).Open();
            s.Write(content);
        }
        return ms.ToArray();
    }

    public static byte[] ReplaceEntry(byte[] package, string name, string content) =>
        ReplaceEntry(package, name, Encoding.UTF8.GetBytes(content));
}
