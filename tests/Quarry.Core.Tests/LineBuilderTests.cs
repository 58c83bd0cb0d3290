using Quarry.Core.Documents;
using Quarry.Core.Readers;

namespace Quarry.Core.Tests;

public class LineBuilderTests
{
    private static Word W(string text, double x0, double y0, double x1, double y1) => new(text, new Box(x0, y0, x1, y1));

    private static string[] Texts(IEnumerable<Word> words) => LineBuilder.Build(words).Select(l => l.Text).ToArray();

    [Fact]
    public void WordsOfOneRowShareALineInLeftToRightOrder() =>
        Assert.Equal(["Total 12.00 EUR"], Texts([W("EUR", 120, 100, 140, 110), W("Total", 10, 100, 40, 110), W("12.00", 80, 101, 110, 111)]));

    [Fact]
    public void PiecesOfAWordThatTouchAreJoinedButWordsASpaceApartAreNot()
    {
        // "F" + "actuurnummer:" written separately, touching; "993548900" a space away.
        var line = LineBuilder.Build([W("F", 45, 158, 49.16, 164), W("actuurnummer:", 49.2, 158, 108.6, 164), W("993548900", 111.7, 158, 152.7, 164)]).Single();
        Assert.Equal(["Factuurnummer:", "993548900"], line.Words.Select(w => w.Text));
        Assert.Equal(new Box(45, 158, 108.6, 164), line.Words[0].Box);
    }

    [Fact]
    public void OcrWordsAreNeverJoined() =>
        Assert.Equal(["a", "b"], LineBuilder.Build([new Word("a", new Box(0, 0, 5, 10), 0.9), new Word("b", new Box(5, 0, 10, 10), 0.9)]).Single().Words.Select(w => w.Text));

    [Fact]
    public void LinesComeTopDown() =>
        Assert.Equal(["first", "second", "third"], Texts([W("third", 0, 40, 30, 50), W("first", 0, 0, 30, 10), W("second", 0, 20, 30, 30)]));

    [Theory]
    // overlap 6 of 10: more than half, same line
    [InlineData(4, 1)]
    // overlap exactly half: a new line
    [InlineData(5, 2)]
    // no overlap
    [InlineData(12, 2)]
    public void WordsShareALineWhenTheyOverlapByMoreThanHalf(double shift, int lines) =>
        Assert.Equal(lines, LineBuilder.Build([W("a", 0, 0, 10, 10), W("b", 20, shift, 30, shift + 10)]).Count);

    [Fact]
    public void ASmallWordOnTheLineOfABigOneJoinsIt() =>
        Assert.Equal(["Invoice no"], Texts([W("Invoice", 0, 0, 50, 20), W("no", 60, 12, 70, 18)]));

    [Fact]
    public void NoWordsNoLines() => Assert.Empty(LineBuilder.Build([]));
}
