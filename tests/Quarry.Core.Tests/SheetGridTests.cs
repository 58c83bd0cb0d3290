using Quarry.Core.Readers;

namespace Quarry.Core.Tests;

public class SheetGridTests
{
    private static SheetGrid Grid(ReaderLimits? limits = null)
    {
        var l = limits ?? new ReaderLimits();
        return new SheetGrid(new CellBudget(l, "sheet"), l, "sheet");
    }

    [Fact]
    public void EmptyRowsAndColumnsAreLeftOut()
    {
        var grid = Grid();
        grid.Add(0, 0, "A1");
        grid.Add(1_048_575, 16_383, "XFD1048576");
        grid.Add(5, 2, "");
        var rows = grid.ToRows();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["A1", ""], rows[0]);
        Assert.Equal(["", "XFD1048576"], rows[1]);
    }

    [Fact]
    public void CellsOverTheBudgetAreTooLarge()
    {
        var limits = new ReaderLimits(MaxTextChars: 300); // three cells
        var budget = new CellBudget(limits, "book");
        var a = new SheetGrid(budget, limits, "book");
        var b = new SheetGrid(budget, limits, "book");
        a.Add(0, 0, "1");
        a.Add(0, 1, "2");
        b.Add(0, 0, "3");
        var e = Assert.Throws<DocumentReadException>(() => b.Add(0, 1, "4"));
        Assert.Equal(DocumentErrorCodes.FileTooLarge, e.Code);
    }

    [Fact]
    public void ScatteredCellsThatMakeAHugeTableAreTooLarge()
    {
        var grid = Grid(new ReaderLimits(MaxTextChars: 10_000)); // 100 cells, 400 table slots
        for (var i = 0; i < 30; i++)
            grid.Add(i, i, "x");
        var e = Assert.Throws<DocumentReadException>(() => grid.ToRows());
        Assert.Equal(DocumentErrorCodes.FileTooLarge, e.Code);
    }
}
