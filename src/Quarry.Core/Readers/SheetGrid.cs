using System.Globalization;

namespace Quarry.Core.Readers;

/// <summary>
/// The non-empty cells of one sheet (or CSV file) by row and column, bounded by <see cref="TextLayout.MaxCells"/>
/// over the whole document. Sheets are sparse: <see cref="ToRows"/> drops empty rows and columns, so a sheet with
/// one cell in A1 and one in XFD1048576 is a 2×2 table, not sixteen billion empty cells.
/// </summary>
public sealed class SheetGrid(CellBudget budget, ReaderLimits limits, string what)
{
    private readonly List<(int Row, int Column, string Text)> _cells = [];

    public int Count => _cells.Count;

    /// <summary>Adds a cell; empty text is no cell.</summary>
    public void Add(int row, int column, string text)
    {
        if (text.Length == 0)
            return;
        budget.Take();
        _cells.Add((row, column, text));
    }

    /// <summary>The cells as dense rows in sheet order, empty rows and columns left out.</summary>
    public IReadOnlyList<IReadOnlyList<string>> ToRows()
    {
        if (_cells.Count == 0)
            return [];
        var rowIndex = Dense(_cells.Select(c => c.Row));
        var columnIndex = Dense(_cells.Select(c => c.Column));
        // Cells scattered over distinct rows and columns (a diagonal) still make a huge table once made rectangular.
        var slots = (long)rowIndex.Count * columnIndex.Count;
        var maxSlots = 4 * TextLayout.MaxCells(limits);
        if (slots > maxSlots)
            throw new DocumentReadException(DocumentErrorCodes.FileTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"A sheet of the {what} spans {rowIndex.Count} rows by {columnIndex.Count} columns; the limit is {maxSlots} cells."));
        var rows = new string[rowIndex.Count][];
        for (var r = 0; r < rows.Length; r++)
            rows[r] = Enumerable.Repeat("", columnIndex.Count).ToArray();
        foreach (var (row, column, text) in _cells)
            rows[rowIndex[row]][columnIndex[column]] = text;
        return rows;
    }

    private static Dictionary<int, int> Dense(IEnumerable<int> used) =>
        used.Distinct().Order().Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i);
}
