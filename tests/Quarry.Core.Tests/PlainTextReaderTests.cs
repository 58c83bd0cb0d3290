using System.Text;
using Quarry.Core.Documents;
using Quarry.Core.Readers;

namespace Quarry.Core.Tests;

public class PlainTextReaderTests
{
    private static Task<DocumentContent> Read(string text, ReaderLimits? limits = null) =>
        Read(Encoding.UTF8.GetBytes(text), limits);

    private static Task<DocumentContent> Read(byte[] bytes, ReaderLimits? limits = null) =>
        new PlainTextReader().ReadAsync(new MemoryStream(bytes), new ReadContext("test.txt", limits ?? new ReaderLimits()), CancellationToken.None);

    private static string Describe(Word w) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{w.Text}@{w.Box.X0},{w.Box.Y0},{w.Box.X1},{w.Box.Y1}");

    [Theory]
    [InlineData("Hello world", "Hello@0,0,5,1 world@6,0,11,1")]
    [InlineData("  Total:   12.00  ", "Total:@2,0,8,1 12.00@11,0,16,1")]
    // tabs advance to the next multiple of 8
    [InlineData("a\tb", "a@0,0,1,1 b@8,0,9,1")]
    [InlineData("Total\t12.00", "Total@0,0,5,1 12.00@8,0,13,1")]
    [InlineData("abcdefgh\tx", "abcdefgh@0,0,8,1 x@16,0,17,1")]
    [InlineData("\t\tx", "x@16,0,17,1")]
    [InlineData("ab \tx", "ab@0,0,2,1 x@8,0,9,1")]
    public void WordsCarryCharacterCellBoxes(string line, string expected)
    {
        var content = PlainTextReader.FromText(line);
        var words = content.Pages.Single().Lines.Single().Words;
        Assert.Equal(expected, string.Join(' ', words.Select(Describe)));
    }

    [Fact]
    public void EachTextLineIsALineAtItsRowAndBlankLinesKeepTheirPlace()
    {
        var content = PlainTextReader.FromText("Invoice 42\n\n   \nTotal: 12.00\n");
        var page = content.Pages.Single();
        Assert.Equal(1, page.Number);
        Assert.Equal(0, page.Rotation);
        Assert.Equal(12, page.Width);   // the longest line
        Assert.Equal(5, page.Height);   // five raw lines, the last one empty
        Assert.Equal(["Invoice 42", "Total: 12.00"], page.Lines.Select(l => l.Text).ToArray());
        Assert.Equal(new Box(0, 0, 10, 1), page.Lines[0].Box);
        Assert.Equal(new Box(0, 3, 12, 4), page.Lines[1].Box);
        Assert.Equal(4, content.WordCount);
        Assert.Empty(content.Tables);
        Assert.Equal("Invoice 42\n\n   \nTotal: 12.00\n", content.Markdown);
    }

    [Theory]
    [InlineData("Invoice 42\r\nTotal: 12.00\r\n")]
    [InlineData("Invoice 42\nTotal: 12.00\n")]
    public void CrLfAndLfGiveTheSameLines(string text)
    {
        var page = PlainTextReader.FromText(text).Pages.Single();
        Assert.Equal(["Invoice 42", "Total: 12.00"], page.Lines.Select(l => l.Text).ToArray());
        Assert.Equal(new Box(7, 1, 12, 2), page.Lines[1].Words[1].Box);
        Assert.Equal(3, page.Height);
        Assert.Equal(12, page.Width);
        Assert.DoesNotContain(page.Lines.SelectMany(l => l.Words), w => w.Text.Contains('\r', StringComparison.Ordinal));
    }

    [Fact]
    public void EmptyTextIsOneEmptyPage()
    {
        var page = PlainTextReader.FromText("").Pages.Single();
        Assert.Empty(page.Lines);
        Assert.Equal(1, page.Width);
        Assert.Equal(1, page.Height);
    }

    [Fact]
    public async Task ReadsAStreamAndDropsTheByteOrderMark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("Société: Acme\r\nTotal: 12,50 €")).ToArray();
        var content = await Read(bytes);
        var lines = content.Pages.Single().Lines;
        Assert.Equal(["Société: Acme", "Total: 12,50 €"], lines.Select(l => l.Text).ToArray());
        Assert.Equal(new Box(0, 0, 8, 1), lines[0].Words[0].Box);
    }

    [Fact]
    public async Task AHugeSingleLineIsRead()
    {
        // 3 million characters on one line: more than the reader's 1 MiB buffer.
        var text = string.Concat(Enumerable.Repeat("word ", 600_000)) + "Total: 12.00";
        var content = await Read(text);
        var line = content.Pages.Single().Lines.Single();
        Assert.Equal(600_002, line.Words.Count);
        Assert.Equal("12.00", line.Words[^1].Text);
        Assert.Equal(new Box(3_000_007, 0, 3_000_012, 1), line.Words[^1].Box);
        Assert.Equal(text.Length, content.Pages.Single().Width);
    }

    [Fact]
    public async Task TextUpToTheLimitIsRead()
    {
        var content = await Read(new string('a', 1000), new ReaderLimits(MaxTextChars: 1000));
        Assert.Equal(1000, content.Pages.Single().Lines.Single().Words.Single().Text.Length);
    }

    [Theory]
    [InlineData(1001, 1000)]
    [InlineData(3_000_000, 2_000_000)] // more than one buffer's worth before the limit is crossed
    public async Task TextOverTheLimitIsTooLarge(int length, long limit)
    {
        var e = await Assert.ThrowsAsync<DocumentReadException>(() => Read(new string('a', length), new ReaderLimits(MaxTextChars: limit)));
        Assert.Equal(DocumentErrorCodes.FileTooLarge, e.Code);
        Assert.Equal("file_too_large", e.Code);
    }

    [Theory]
    [InlineData("text", true)]
    [InlineData("pdf", false)]
    [InlineData("csv", false)]
    [InlineData("image", false)]
    public void ReadsTextKindOnly(string kind, bool expected) =>
        Assert.Equal(expected, new PlainTextReader().CanRead(new SniffResult("text/plain", kind)));
}
