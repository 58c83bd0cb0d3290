using Quarry.Core.Documents;
using Quarry.Core.Readers.Ocr;

namespace Quarry.Core.Tests;

public class RowMergerTests
{
    private static Line L(string text, double x0, double y0, double height = 10)
    {
        var words = new List<Word>();
        var x = x0;
        foreach (var t in text.Split(' '))
        {
            words.Add(new Word(t, new Box(x, y0, x + t.Length * 5, y0 + height)));
            x += t.Length * 5 + 5;
        }
        return new Line(words);
    }

    private static string[] Texts(params Line[] lines) => RowMerger.Merge(lines).Select(l => l.Text).ToArray();

    [Fact]
    public void ALabelColumnAndAValueColumnBecomeRows() =>
        Assert.Equal(["Invoice Number INV-42", "Due Date 14 April"],
            Texts(L("Invoice Number", 10, 100), L("Due Date", 10, 120), L("INV-42", 200, 101), L("14 April", 200, 119)));

    [Fact]
    public void WordsKeepTheirOrderWithinALineAndLinesGoLeftToRight() =>
        Assert.Equal(["a b c d"], Texts(L("c d", 100, 50), L("a b", 10, 50)));

    [Theory]
    // overlap 6 of 10: more than half, one row
    [InlineData(4, 1)]
    // overlap exactly half: two rows
    [InlineData(5, 2)]
    [InlineData(20, 2)]
    public void LinesShareARowWhenTheyOverlapByMoreThanHalf(double shift, int rows) =>
        Assert.Equal(rows, RowMerger.Merge([L("left", 0, 0), L("right", 100, shift)]).Count);

    [Fact]
    public void RowsComeTopDownAndEmptyLinesVanish() =>
        Assert.Equal(["top", "middle", "bottom"], Texts(L("bottom", 0, 300), new Line([]), L("top", 0, 0), L("middle", 0, 150)));

    [Fact]
    public void ASingleLineIsReturnedAsItIs()
    {
        var line = L("only one", 0, 0);
        Assert.Same(line, RowMerger.Merge([line]).Single());
    }
}
