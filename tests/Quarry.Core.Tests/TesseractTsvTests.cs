using Quarry.Core.Documents;
using Quarry.Core.Readers.Ocr;

namespace Quarry.Core.Tests;

public class TesseractTsvTests
{
    private const string Header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";

    private static string Rows(params string[] rows) => Header + string.Join("\n", rows.Select(r => r.Replace(' ', '\t').Replace('_', ' '))) + "\n";

    [Fact]
    public void WordsAreGroupedIntoLinesByBlockParagraphAndLine()
    {
        var pages = TesseractTsv.Parse(Rows(
            "1 1 0 0 0 0 0 0 1700 2200 -1 ",
            "2 1 1 0 0 0 100 100 500 100 -1 ",
            "4 1 1 1 1 0 100 100 300 40 -1 ",
            "5 1 1 1 1 1 100 100 120 40 96.5 Invoice",
            "5 1 1 1 1 2 240 102 60 38 91.25 42",
            "5 1 1 1 2 1 100 160 100 40 88 Total",
            "5 1 2 1 1 1 900 100 100 40 70 EUR"));

        var page = Assert.Single(pages);
        Assert.Equal((1, 1700.0, 2200.0, 0), (page.Number, page.Width, page.Height, page.Rotation));
        Assert.Equal(["Invoice 42", "Total", "EUR"], page.Lines.Select(l => l.Text).ToArray());
        var first = page.Lines[0].Words[0];
        Assert.Equal(new Box(100, 100, 220, 140), first.Box);
        Assert.Equal(0.965, first.Confidence);
        Assert.Equal(new Box(240, 102, 300, 140), page.Lines[0].Words[1].Box);
        Assert.Null(first.FontSize);
    }

    [Theory]
    // table rules come out as words of spaces
    [InlineData("5 1 1 1 1 2 300 100 400 3 95 ___")]
    [InlineData("5 1 1 1 1 2 300 100 400 3 95 ")]
    // rows of other levels carry no text of their own
    [InlineData("3 1 1 1 0 0 100 100 300 40 -1 ")]
    // damaged rows are skipped, not fatal
    [InlineData("5 1 1 1 x 2 300 100 400 3 95 word")]
    [InlineData("5 1 1")]
    [InlineData("")]
    public void RowsThatAreNoWordsAreDropped(string row)
    {
        var page = Assert.Single(TesseractTsv.Parse(Rows("1 1 0 0 0 0 0 0 800 600 -1 ", "5 1 1 1 1 1 100 100 120 40 96 Total", row)));
        Assert.Equal(["Total"], page.Lines.SelectMany(l => l.Words).Select(w => w.Text).ToArray());
    }

    [Fact]
    public void EachFrameOfAMultiPageImageIsAPage()
    {
        var pages = TesseractTsv.Parse(Rows(
            "1 1 0 0 0 0 0 0 800 600 -1 ",
            "5 1 1 1 1 1 10 10 50 20 90 one",
            "1 2 0 0 0 0 0 0 600 800 -1 ",
            "1 3 0 0 0 0 0 0 600 800 -1 ",
            "5 3 1 1 1 1 10 10 50 20 90 three"));
        Assert.Equal([1, 2, 3], pages.Select(p => p.Number).ToArray());
        Assert.Equal([800.0, 600.0, 600.0], pages.Select(p => p.Width).ToArray());
        Assert.Equal(["one", "", "three"], pages.Select(p => string.Join(" ", p.Lines.Select(l => l.Text))).ToArray());
    }

    [Theory]
    [InlineData("-1", 0)]
    [InlineData("0", 0)]
    [InlineData("57.123456", 0.5712)]
    [InlineData("100", 1)]
    [InlineData("not a number", 0)]
    public void ConfidenceIsScaledToZeroToOne(string conf, double expected)
    {
        var page = Assert.Single(TesseractTsv.Parse(Rows("1 1 0 0 0 0 0 0 800 600 -1 ", "5 1 1 1 1 1 10 10 50 20 " + conf.Replace(' ', '_') + " word")));
        Assert.Equal(expected, page.Lines.Single().Words.Single().Confidence);
    }

    [Fact]
    public void WindowsLineEndsAndAnEmptyOutputAreFine()
    {
        Assert.Empty(TesseractTsv.Parse(""));
        Assert.Empty(TesseractTsv.Parse(Header));
        var page = Assert.Single(TesseractTsv.Parse(Rows("1 1 0 0 0 0 0 0 800 600 -1 ", "5 1 1 1 1 1 10 10 50 20 90 word").Replace("\n", "\r\n", StringComparison.Ordinal)));
        Assert.Equal("word", page.Lines.Single().Words.Single().Text);
    }
}
