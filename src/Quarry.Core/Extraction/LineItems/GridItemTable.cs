using Quarry.Core.Documents;
using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction.LineItems;

/// <summary>
/// Reads an item table from a table the reader already knows the cells of (DOCX, HTML, spreadsheets, CSV): the
/// first of its top rows whose cells are headings of item fields maps columns to fields; the rows below are items
/// until a row that starts with a totals label.
/// </summary>
public static class GridItemTable
{
    /// <summary>How far down a table its heading row may be (a title row or two may come first).</summary>
    private const int HeadingRowsSearched = 3;

    public static ItemTableRead? Find(DocumentContent content, ItemHeader header)
    {
        foreach (var table in content.Tables)
        {
            var rows = table.Cells.GroupBy(c => c.Row).OrderBy(g => g.Key).Select(g => g.OrderBy(c => c.Column).ToList()).ToList();
            for (var r = 0; r < Math.Min(HeadingRowsSearched, rows.Count); r++)
            {
                var columns = new Dictionary<int, FieldDefinition>();
                foreach (var cell in rows[r])
                {
                    if (header.MatchCell(cell.Text) is { } field && !columns.ContainsValue(field))
                        columns[cell.Column] = field;
                }
                if (columns.Count < Math.Min(2, header.Fields.Count))
                    continue;
                var read = ReadBody(rows.Skip(r + 1), columns, header, table.Page);
                if (read.Items.Count > 0)
                {
                    var used = rows.Skip(r).Take(read.RowsUsed + 1).SelectMany(x => x).ToList();
                    var boxes = used.Where(c => c.Box is not null).Select(c => c.Box!.Value).ToList();
                    var text = string.Join('\n', rows.Skip(r).Take(read.RowsUsed + 1).Select(x => string.Join(" | ", x.Select(c => c.Text))));
                    return new ItemTableRead(read.Items, table.Page, Box.UnionAll(boxes), text);
                }
            }
        }
        return null;
    }

    private static (IReadOnlyList<ReadItem> Items, int RowsUsed) ReadBody(
        IEnumerable<List<TableCell>> body, Dictionary<int, FieldDefinition> columns, ItemHeader header, int page)
    {
        var items = new ItemRows(header.Fields);
        var used = 0;
        foreach (var cells in body)
        {
            var first = cells.FirstOrDefault(c => c.Text.Trim().Length > 0);
            if (first is null) { used++; continue; }
            if (IsClosing(first.Text))
                break;
            var row = new Dictionary<FieldDefinition, string>();
            foreach (var cell in cells)
            {
                var text = cell.Text.Trim();
                if (text.Length > 0 && columns.TryGetValue(cell.Column, out var field))
                    row[field] = text;
            }
            var boxes = cells.Where(c => c.Box is not null).Select(c => c.Box!.Value).ToList();
            items.Add(row, page, boxes.Count > 0 ? Box.UnionAll(boxes) : null);
            used++;
        }
        return (items.Finish(), used);
    }

    /// <summary>"Total", "Subtotal", "VAT" alone in the first filled cell closes the items ("Tax advice" in a description does not).</summary>
    private static bool IsClosing(string firstText)
    {
        var words = FieldLabels.Tokens(firstText);
        return words.Length <= 4 && TableEnd.StartsWithLabel(words);
    }
}
