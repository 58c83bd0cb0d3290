using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using Quarry.Data.Stores;

namespace Quarry.Server.Results.Exports;

/// <summary>
/// A workbook with one sheet, <c>Results</c>: a bold, frozen header row, then one row per document. Numbers and
/// booleans are typed cells, a date field's values are real dates shown as <c>yyyy-mm-dd</c>, everything else is
/// text (datetimes keep their ISO 8601 text and offset, which a spreadsheet date cannot hold). Text cells are inline
/// strings, never formulas, so nothing needs defusing. The sheet is written row by row with OpenXmlWriter into a
/// streamed ZIP: the Open XML package API needs a seekable stream and keeps parts in memory, so the few fixed parts
/// are written here by hand.
/// </summary>
public sealed class XlsxExportWriter : IExportWriter
{
    /// <summary>Excel's limit for one cell's text.</summary>
    public const int MaxCellChars = 32_767;

    private const uint HeaderStyle = 1;
    private const uint DateStyle = 2;
    private static readonly int ExcelEpochDay = new DateOnly(1899, 12, 30).DayNumber;
    // Day 60 of Excel's calendar is a 29 February 1900 that never was; serials are right from 1 March 1900 on.
    private static readonly DateOnly FirstExactDate = new(1900, 3, 1);

    private readonly ZipArchive _zip;
    private readonly Stream _sheet;
    private readonly OpenXmlWriter _xml;
    private readonly ExportGrid _grid;
    private readonly string[] _columns;
    private int _row;

    public XlsxExportWriter(Stream output, ExportGrid grid)
    {
        _grid = grid;
        _columns = Enumerable.Range(0, grid.Header.Count).Select(ColumnName).ToArray();
        _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Part("[Content_Types].xml", ContentTypes);
        Part("_rels/.rels", PackageRelationships);
        Part("xl/_rels/workbook.xml.rels", WorkbookRelationships);
        Part("xl/workbook.xml", Workbook());
        Part("xl/styles.xml", Styles());

        _sheet = _zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
        _xml = new OpenXmlPartWriter(_sheet, new UTF8Encoding(false));
        _xml.WriteStartDocument();
        _xml.WriteStartElement(new Worksheet());
        _xml.WriteElement(new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
        { WorkbookViewId = 0 }));
        _xml.WriteStartElement(new SheetData());
        WriteRow(grid.Header.Select(h => new GridCell(GridKind.Text, h)), HeaderStyle);
    }

    public void Write(RowWithCells row) => WriteRow(_grid.Cells(row), null);

    public void Flush()
    {
    }

    public void Finish()
    {
        _xml.WriteEndElement(); // sheetData
        _xml.WriteEndElement(); // worksheet
        _xml.Close();
        _sheet.Dispose();
        _zip.Dispose();
    }

    public void Dispose()
    {
        _xml.Dispose();
        _sheet.Dispose();
        _zip.Dispose();
    }

    private void WriteRow(IEnumerable<GridCell> cells, uint? style)
    {
        _row++;
        var number = _row.ToString(CultureInfo.InvariantCulture);
        _xml.WriteStartElement(new Row { RowIndex = (uint)_row });
        var i = 0;
        foreach (var cell in cells)
        {
            var reference = _columns[i++] + number;
            if (cell.Kind == GridKind.Empty)
                continue;
            var c = new Cell { CellReference = reference };
            switch (cell.Kind)
            {
                case GridKind.Number:
                    c.CellValue = new CellValue(cell.Text);
                    break;
                case GridKind.Boolean:
                    c.DataType = CellValues.Boolean;
                    c.CellValue = new CellValue(cell.Text == "true" ? "1" : "0");
                    break;
                case GridKind.Date when cell.Date >= FirstExactDate:
                    c.StyleIndex = DateStyle;
                    c.CellValue = new CellValue((cell.Date.DayNumber - ExcelEpochDay).ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    c.DataType = CellValues.InlineString;
                    c.InlineString = new InlineString(TextOf(cell.Text));
                    break;
            }
            if (style is not null)
                c.StyleIndex = style;
            _xml.WriteElement(c);
        }
        _xml.WriteEndElement();
    }

    private static Text TextOf(string s)
    {
        s = XmlChars.Clean(s);
        if (s.Length > MaxCellChars)
            s = s[..(MaxCellChars - 1)] + "…";
        var text = new Text(s);
        if (s.Length > 0 && (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])))
            text.Space = SpaceProcessingModeValues.Preserve;
        return text;
    }

    /// <summary>A, B, …, Z, AA, AB, …</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
            name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    private void Part(string name, string xml)
    {
        using var s = _zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        s.Write(Encoding.UTF8.GetBytes(xml));
    }

    private void Part(string name, OpenXmlPartRootElement root)
    {
        using var s = _zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        root.Save(s);
    }

    private const string ContentTypes =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""";

    private const string PackageRelationships =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""";

    private const string WorkbookRelationships =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""";

    private static Workbook Workbook()
    {
        var workbook = new Workbook(new Sheets(new Sheet { Id = "rId1", SheetId = 1, Name = "Results" }));
        workbook.AddNamespaceDeclaration("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
        return workbook;
    }

    /// <summary>Cell formats: 0 plain, 1 bold (the header), 2 a date shown as yyyy-mm-dd.</summary>
    private static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true })
        { Count = 3 });
}
