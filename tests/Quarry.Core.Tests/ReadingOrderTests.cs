using Quarry.Core.Readers;
using Quarry.Testing;

namespace Quarry.Core.Tests;

public sealed class ReadingOrderTests
{
    private static async Task<string[]> MarkdownLines(byte[] pdf) =>
        (await new PdfTextReader().ReadAsync(new MemoryStream(pdf), ReadContext.For("p.pdf"), default)).Markdown
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Two_columns_are_read_left_column_first_under_a_full_width_heading()
    {
        var lines = new List<TestPdf.TextLine> { new("Mutual Non-Disclosure Agreement between the parties named below", 50, 50, 12) };
        for (var i = 0; i < 6; i++)
        {
            lines.Add(new($"left column sentence number {i} keeps going", 50, 90 + i * 16, 10));
            lines.Add(new($"right column sentence number {i} keeps going", 320, 90 + i * 16, 10));
        }
        lines.Add(new("Signed by both parties on the date written at the top of this page", 50, 220, 10));

        var md = await MarkdownLines(TestPdf.Page(lines.ToArray()));

        Assert.Equal("Mutual Non-Disclosure Agreement between the parties named below", md[0]);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"left column sentence number {i} keeps going"), md[1..7]);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"right column sentence number {i} keeps going"), md[7..13]);
        Assert.Equal("Signed by both parties on the date written at the top of this page", md[13]);
    }

    [Fact]
    public async Task A_table_keeps_its_rows()
    {
        var lines = new List<TestPdf.TextLine> { new("Description", 50, 50), new("Qty", 320, 50), new("Amount", 450, 50) };
        for (var i = 0; i < 8; i++)
        {
            lines.Add(new($"Item {i} consulting services", 50, 70 + i * 16));
            lines.Add(new($"{i + 1}", 320, 70 + i * 16));
            lines.Add(new($"{(i + 1) * 10}.00", 450, 70 + i * 16));
        }

        var md = await MarkdownLines(TestPdf.Page(lines.ToArray()));

        Assert.Equal("Description Qty Amount", md[0]);
        Assert.Equal("Item 0 consulting services 1 10.00", md[1]);
        Assert.Equal("Item 7 consulting services 8 80.00", md[8]);
    }
}
