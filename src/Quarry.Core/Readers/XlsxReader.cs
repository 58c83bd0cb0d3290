using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>
/// Excel workbooks (XLSX, XLSM): one page per sheet (page number = the sheet's position in the workbook), each sheet
/// one table whose rows are also lines. The OpenXML SDK finds the parts; sheets and shared strings are streamed
/// with <see cref="System.Xml.XmlReader"/> and counted against <see cref="TextLayout.MaxCells"/> as they are read, so a
/// sheet of a million cells fails with file_too_large instead of filling memory.
/// </summary>
public sealed class XlsxReader : IDocumentReader
{
    private const string What = "XLSX workbook";

    /// <summary>Excel's grid: 16,384 columns (XFD) by 1,048,576 rows.</summary>
    private const int MaxColumns = 16_384;
    private const int MaxRows = 1_048_576;

    public bool CanRead(SniffResult type) => type.Kind == "xlsx";

    public Task<DocumentContent> ReadAsync(Stream file, ReadContext context, CancellationToken ct)
    {
        var limits = context.Limits;
        OoxmlGuard.Check(file, limits, What, ct);
        SpreadsheetDocument doc;
        try
        {
            doc = SpreadsheetDocument.Open(file, false, new OpenSettings { MaxCharactersInPart = limits.MaxUncompressedBytes });
        }
        catch (Exception e) when (OpenXmlErrors.IsDamage(e))
        {
            throw OpenXmlErrors.Corrupt(e, What);
        }

        using (doc)
        {
            try
            {
                return Task.FromResult(Read(doc, limits, ct));
            }
            catch (Exception e) when (OpenXmlErrors.IsDamage(e))
            {
                throw OpenXmlErrors.Corrupt(e, What);
            }
        }
    }

    private static DocumentContent Read(SpreadsheetDocument doc, ReaderLimits limits, CancellationToken ct)
    {
        var workbookPart = doc.WorkbookPart
            ?? throw new DocumentReadException(DocumentErrorCodes.CorruptFile, "The XLSX workbook has no workbook part.");
        var sheets = workbookPart.Workbook?.Sheets?.Elements<Sheet>().ToList() ?? [];
        if (sheets.Count > limits.MaxPages)
            throw new DocumentReadException(DocumentErrorCodes.PageLimitExceeded,
                string.Create(CultureInfo.InvariantCulture, $"The XLSX workbook has {sheets.Count} sheets; the limit is {limits.MaxPages}."));

        var cells = new CellTexts(
            workbookPart.SharedStringTablePart is { } sst ? XlsxStrings.ReadShared(sst.GetStream(FileMode.Open, FileAccess.Read), limits, What, ct) : [],
            NumberFormats(workbookPart.WorkbookStylesPart?.Stylesheet),
            workbookPart.Workbook?.WorkbookProperties?.Date1904?.Value ?? false);

        var layout = new TextLayout(limits, What);
        var budget = new CellBudget(limits, What);
        foreach (var sheet in sheets)
        {
            layout.NewPage(sheet.Name?.Value);
            // Chart sheets and dialog sheets hold no cells: their page stays empty so page numbers stay true.
            if (sheet.Id?.Value is { } id && workbookPart.TryGetPartById(id, out var part) && part is WorksheetPart worksheet)
            {
                var grid = new SheetGrid(budget, limits, What);
                ReadSheet(worksheet.GetStream(FileMode.Open, FileAccess.Read), grid, cells, ct);
                layout.AddTable(grid.ToRows());
            }
        }
        return layout.Build();
    }

    /// <summary>Streams &lt;sheetData&gt;: a row element gives the row, each &lt;c&gt; is loaded alone and placed by its reference.</summary>
    private static void ReadSheet(Stream part, SheetGrid grid, CellTexts values, CancellationToken ct)
    {
        try
        {
            using var reader = XmlReader.Create(part, XmlSafety.Settings());
            reader.MoveToContent();
            var row = -1;
            var column = 0;
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "row")
                {
                    ct.ThrowIfCancellationRequested();
                    row = ParseIndex(reader.GetAttribute("r"), MaxRows) ?? row + 1;
                    column = 0;
                    reader.Read();
                }
                else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "c")
                {
                    // ReadFrom leaves the reader on the node after the cell: no Read() here.
                    var cell = (XElement)XNode.ReadFrom(reader);
                    var (r, c) = ParseReference((string?)cell.Attribute("r")) ?? (Math.Max(row, 0), column);
                    row = Math.Max(row, 0);
                    column = c + 1;
                    grid.Add(r, c, values.Text(cell));
                }
                else
                {
                    reader.Read();
                }
            }
        }
        catch (XmlException e)
        {
            throw XmlSafety.Failure(e, $"{What}'s sheet");
        }
    }

    /// <summary>Format id and custom format code per cell style (cellXfs).</summary>
    private static (int Id, string? Code)[] NumberFormats(Stylesheet? styles)
    {
        if (styles is null)
            return [];
        var codes = styles.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .GroupBy(f => (int)f.NumberFormatId!.Value)
            .ToDictionary(g => g.Key, g => g.First().FormatCode?.Value) ?? [];
        return styles.CellFormats?.Elements<CellFormat>()
            .Select(f => (int)(f.NumberFormatId?.Value ?? 0))
            .Select(id => (id, codes.GetValueOrDefault(id)))
            .ToArray() ?? [];
    }

    /// <summary>"B3" → (row 2, column 1), zero-based; null for a missing or malformed reference.</summary>
    internal static (int Row, int Column)? ParseReference(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
            return null;
        var i = 0;
        var column = 0;
        while (i < reference.Length && char.IsAsciiLetter(reference[i]) && i < 3)
            column = column * 26 + (char.ToUpperInvariant(reference[i++]) - 'A' + 1);
        if (i == 0 || column > MaxColumns)
            return null;
        return ParseIndex(reference[i..], MaxRows) is { } row ? (row, column - 1) : null;
    }

    /// <summary>A one-based index as written in the file, zero-based; null when it is missing or out of range.</summary>
    private static int? ParseIndex(string? text, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max ? n - 1 : null;

    /// <summary>Turns a &lt;c&gt; element into the text Excel would show, as far as that is culture-free.</summary>
    private sealed class CellTexts(List<string> shared, (int Id, string? Code)[] formats, bool date1904)
    {
        public string Text(XElement cell)
        {
            var type = (string?)cell.Attribute("t") ?? "n";
            var v = cell.Elements().FirstOrDefault(e => e.Name.LocalName == "v")?.Value;
            switch (type)
            {
                case "s":
                    return int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i] : "";
                case "inlineStr":
                    return cell.Elements().FirstOrDefault(e => e.Name.LocalName == "is") is { } inline ? XlsxStrings.Text(inline) : "";
                case "str" or "e":
                    return XlsxStrings.Unescape(v ?? "");
                case "b":
                    return v is null ? "" : SpreadsheetFormat.Boolean(v.Trim() is "1" or "true");
                case "d":
                    return DateTime.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var d)
                        ? SpreadsheetFormat.Date(d, 22, null)
                        : v ?? "";
                default:
                    if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                        return v ?? "";
                    var style = int.TryParse((string?)cell.Attribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s < formats.Length
                        ? formats[s]
                        : (0, null);
                    if (SpreadsheetFormat.IsDateFormat(style.Id, style.Code) && SpreadsheetFormat.FromSerial(number, date1904) is { } date)
                        return SpreadsheetFormat.Date(date, style.Id, style.Code);
                    return SpreadsheetFormat.Number(number, style.Id, style.Code);
            }
        }
    }
}
