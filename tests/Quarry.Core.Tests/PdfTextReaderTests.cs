using System.Text;
using Quarry.Core.Documents;
using Quarry.Core.Readers;
using Quarry.Testing;
using static Quarry.Testing.TestPdf;

namespace Quarry.Core.Tests;

public class PdfTextReaderTests
{
    private static Task<DocumentContent> Read(byte[] pdf, ReaderLimits? limits = null) =>
        new PdfTextReader().ReadAsync(new MemoryStream(pdf), new ReadContext("test.pdf", limits ?? new ReaderLimits()), CancellationToken.None);

    private static async Task<string> ErrorCode(byte[] pdf, ReaderLimits? limits = null) =>
        (await Assert.ThrowsAsync<DocumentReadException>(() => Read(pdf, limits))).Code;

    private static void AssertBox(Box expected, Box actual)
    {
        Assert.Equal(expected.X0, actual.X0, 2);
        Assert.Equal(expected.Y0, actual.Y0, 2);
        Assert.Equal(expected.X1, actual.X1, 2);
        Assert.Equal(expected.Y1, actual.Y1, 2);
    }

    [Fact]
    public async Task WordsComeInReadingOrderWhateverOrderTheFileDrawsThem()
    {
        var content = await Read(Page(
            new TextLine("Total", 50, 300),
            new TextLine("12.00", 200, 300),
            new TextLine("Invoice", 200, 100),
            new TextLine("Acme", 50, 100)));

        var page = content.Pages.Single();
        Assert.Equal(["Acme Invoice", "Total 12.00"], page.Lines.Select(l => l.Text).ToArray());
        Assert.Equal(["Acme", "Invoice", "Total", "12.00"], page.Lines.SelectMany(l => l.Words).Select(w => w.Text).ToArray());
        Assert.Equal("Acme Invoice\nTotal 12.00\n", content.Markdown);
        Assert.Equal(4, content.WordCount);
    }

    [Fact]
    public async Task BoxesAreInTopLeftPageCoordinates()
    {
        // Helvetica 11 pt: capitals rise 7.898 pt above the baseline and digits 7.733 pt; "Total" is 24.453 pt wide, "12.00" 27.522 pt.
        var content = await Read(Page(new TextLine("Total", 50, 300), new TextLine("12.00", 200, 300)));
        var page = content.Pages.Single();
        Assert.Equal(1, page.Number);
        Assert.Equal(595, page.Width);
        Assert.Equal(842, page.Height);
        Assert.Equal(0, page.Rotation);

        var line = page.Lines.Single();
        AssertBox(new Box(50, 292.102, 74.453, 300), line.Words[0].Box);
        AssertBox(new Box(200, 292.267, 227.522, 300), line.Words[1].Box);
        AssertBox(new Box(50, 292.102, 227.522, 300), line.Box);
        Assert.Equal(11, line.Words[0].FontSize);
        Assert.Null(line.Words[0].Confidence);
    }

    [Fact]
    public async Task ALineLowerOnThePageHasLargerY()
    {
        var content = await Read(Simple("Invoice 42", "Total 12.00"));
        var lines = content.Pages.Single().Lines;
        Assert.Equal(2, lines.Count);
        // Simple puts baselines at 60 and 78 points from the top.
        Assert.Equal(60, lines[0].Box.Y1, 2);
        Assert.Equal(78, lines[1].Box.Y1, 2);
        Assert.True(lines[0].Box.Y0 < lines[0].Box.Y1);
    }

    [Fact]
    public async Task ReadsEveryPageAndKeepsEmptyPagesInPlace()
    {
        var content = await Read(Pages(
        [
            [new TextLine("Page one", 50, 100)],
            [],
            [new TextLine("Page three", 50, 100), new TextLine("Last line", 50, 130)],
        ]));
        Assert.Equal([1, 2, 3], content.Pages.Select(p => p.Number).ToArray());
        Assert.Equal(["Page one"], content.Pages[0].Lines.Select(l => l.Text).ToArray());
        Assert.Empty(content.Pages[1].Lines);
        Assert.Equal(["Page three", "Last line"], content.Pages[2].Lines.Select(l => l.Text).ToArray());
        Assert.Equal("Page one\n\n---\n\n\n---\n\nPage three\nLast line\n", content.Markdown);
    }

    [Fact]
    public async Task GarbageWithAPdfHeaderIsCorrupt() =>
        Assert.Equal(DocumentErrorCodes.CorruptFile, await ErrorCode(Encoding.ASCII.GetBytes("%PDF-1.7\nthis is not a PDF at all\n%%EOF\n")));

    [Fact]
    public async Task AnEmptyFileIsCorrupt() =>
        Assert.Equal(DocumentErrorCodes.CorruptFile, await ErrorCode([]));

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public async Task ATruncatedPdfIsCorrupt(double keep)
    {
        var pdf = Simple("Invoice 42", "Total 12.00");
        Assert.Equal("corrupt_file", await ErrorCode(pdf[..(int)(pdf.Length * keep)]));
    }

    [Fact]
    public async Task APdfWithPagesButNoTextNeedsOcr() =>
        Assert.Equal("ocr_unavailable", await ErrorCode(Pages([[], []])));

    [Fact]
    public async Task TooManyPagesIsTooLarge()
    {
        var pdf = Pages([[new TextLine("one", 50, 100)], [new TextLine("two", 50, 100)], [new TextLine("three", 50, 100)]]);
        Assert.Equal("page_limit_exceeded", await ErrorCode(pdf, new ReaderLimits(MaxPages: 2)));
        Assert.Equal(3, (await Read(pdf, new ReaderLimits(MaxPages: 3))).Pages.Count);
    }

    [Fact]
    public async Task TooMuchTextIsTooLarge()
    {
        var pdf = Simple("Invoice 42", "Total 12.00"); // 21 characters of text
        Assert.Equal("file_too_large", await ErrorCode(pdf, new ReaderLimits(MaxTextChars: 20)));
        Assert.Equal(2, (await Read(pdf, new ReaderLimits(MaxTextChars: 21))).Pages.Single().Lines.Count);
    }

    [Theory]
    [InlineData("pdf", true)]
    [InlineData("text", false)]
    [InlineData("image", false)]
    public void ReadsPdfKindOnly(string kind, bool expected) =>
        Assert.Equal(expected, new PdfTextReader().CanRead(new SniffResult("application/pdf", kind)));
}
