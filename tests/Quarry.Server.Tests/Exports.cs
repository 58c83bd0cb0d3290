using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Quarry.Core.Readers;

namespace Quarry.Server.Tests;

/// <summary>Reading exports back the way a consumer would: a CSV parser, and the Open XML SDK for workbooks.</summary>
public static class Exports
{
    public static List<List<string>> ParseCsv(byte[] bytes)
    {
        Assert.False(bytes is [0xEF, 0xBB, 0xBF, ..], "The CSV export has no byte-order mark.");
        var text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.True(text.Length == 0 || text.EndsWith("\r\n", StringComparison.Ordinal), "Every CSV record ends with CRLF.");
        return CsvParser.Parse(text, ',').ToList();
    }

    /// <summary>The first sheet's cells: strings, decimals for numbers, booleans, DateOnly for date-formatted numbers, null when absent.</summary>
    public static (List<List<object?>> Rows, List<Cell> Raw) ReadXlsx(byte[] bytes)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var problems = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var workbook = doc.WorkbookPart!;
        Assert.Equal("Results", workbook.Workbook.Sheets!.Elements<Sheet>().Single().Name!.Value);
        var formats = workbook.WorkbookStylesPart?.Stylesheet.CellFormats?.Elements<CellFormat>().ToList() ?? [];
        var custom = workbook.WorkbookStylesPart?.Stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .ToDictionary(n => n.NumberFormatId!.Value, n => n.FormatCode!.Value!) ?? [];
        var sheet = workbook.WorksheetParts.Single().Worksheet;
        var rows = new List<List<object?>>();
        var raw = new List<Cell>();
        foreach (var row in sheet.Descendants<Row>())
        {
            var values = new List<object?>();
            foreach (var cell in row.Elements<Cell>())
            {
                raw.Add(cell);
                var column = ColumnIndex(cell.CellReference!.Value!);
                while (values.Count < column) values.Add(null);
                values.Add(Value(cell, formats, custom));
            }
            rows.Add(values);
        }
        var width = rows.Count == 0 ? 0 : rows[0].Count;
        foreach (var r in rows)
            while (r.Count < width) r.Add(null);
        return (rows, raw);
    }

    private static object? Value(Cell cell, List<CellFormat> formats, Dictionary<uint, string> custom)
    {
        Assert.Null(cell.CellFormula);
        if (cell.DataType?.Value == CellValues.InlineString)
            return cell.InlineString!.InnerText;
        if (cell.DataType?.Value == CellValues.Boolean)
            return cell.CellValue!.Text == "1";
        Assert.True(cell.DataType is null || cell.DataType.Value == CellValues.Number, $"Unexpected cell type {cell.DataType?.Value}");
        var number = decimal.Parse(cell.CellValue!.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
        var format = cell.StyleIndex is { } s ? formats[(int)s.Value].NumberFormatId?.Value : null;
        if (format is { } f && custom.TryGetValue(f, out var code) && code.Contains("yy", StringComparison.Ordinal))
            return DateOnly.FromDayNumber(new DateOnly(1899, 12, 30).DayNumber + (int)number);
        return number;
    }

    private static int ColumnIndex(string reference)
    {
        var n = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetterUpper))
            n = n * 26 + (c - 'A' + 1);
        return n - 1;
    }
}
