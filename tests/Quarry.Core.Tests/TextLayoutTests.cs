using System.Globalization;
using Quarry.Core.Documents;
using Quarry.Core.Readers;

namespace Quarry.Core.Tests;

public class TextLayoutTests
{
    private static string Describe(Line line) =>
        string.Join(' ', line.Words.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Text}@{w.Box.X0},{w.Box.Y0}")));

    [Fact]
    public void LinesAreCharacterCellsAsInPlainText()
    {
        var layout = new TextLayout(new ReaderLimits(), "test");
        layout.AddLine("Invoice 42");
        layout.AddBlankLine();
        layout.AddText("Total:\t12.00\r\nDue: now");
        var content = layout.Build();
        var page = content.Pages.Single();
        Assert.Equal(["Invoice@0,0 42@8,0", "Total:@0,2 12.00@8,2", "Due:@0,3 now@5,3"], page.Lines.Select(Describe).ToArray());
        Assert.Equal(13, page.Width);
        Assert.Equal(4, page.Height);
        Assert.Equal("Invoice 42\n\nTotal: 12.00\nDue: now\n", content.Markdown);
    }

    [Fact]
    public void TableCellsStartAtTheirColumnAndColumnsAreFourCellsApart()
    {
        var layout = new TextLayout(new ReaderLimits(), "test");
        layout.AddTable([["Item", "Amount"], ["Total", "4,250.00"], ["Grand total", ""]]);
        var content = layout.Build();
        var lines = content.Pages.Single().Lines;
        Assert.Equal("Item@0,0 Amount@15,0", Describe(lines[0]));
        Assert.Equal("Total@0,1 4,250.00@15,1", Describe(lines[1]));
        Assert.Equal("Grand@0,2 total@6,2", Describe(lines[2]));
        // the widest cell of the first column (11) plus the gap
        Assert.Equal(11 + TextLayout.ColumnGap, lines[0].Words[1].Box.X0);

        var table = content.Tables.Single();
        Assert.Equal(1, table.Page);
        Assert.Equal(6, table.Cells.Count);
        var total = table.Cells.Single(c => c.Row == 1 && c.Column == 1);
        Assert.Equal("4,250.00", total.Text);
        Assert.Equal(new Box(15, 1, 23, 2), total.Box);
        Assert.Equal("", table.Cells.Single(c => c.Row == 2 && c.Column == 1).Text);
    }

    [Fact]
    public void CellTextKeepsItsLineBreaksInTheTableButNotInTheLine()
    {
        var layout = new TextLayout(new ReaderLimits(), "test");
        layout.AddTable([["Address", "Main St 1\nBerlin"], ["a|b", "x"]]);
        var content = layout.Build();
        Assert.Equal("Address Main St 1 Berlin", content.Pages.Single().Lines[0].Text);
        Assert.Equal("Main St 1\nBerlin", content.Tables.Single().Cells[1].Text);
        Assert.Contains("| Address | Main St 1<br>Berlin |", content.Markdown, StringComparison.Ordinal);
        Assert.Contains("| a\\|b | x |", content.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ShortRowsArePadded()
    {
        var layout = new TextLayout(new ReaderLimits(), "test");
        layout.AddTable([["a", "b", "c"], ["d"]]);
        var content = layout.Build();
        Assert.Equal(6, content.Tables.Single().Cells.Count);
        Assert.Contains("| d |  |  |", content.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void PagesAreNumberedAndTablesKnowTheirPage()
    {
        var layout = new TextLayout(new ReaderLimits(), "test");
        layout.NewPage("Sheet A");
        layout.AddTable([["a"]]);
        layout.NewPage("Sheet B");
        layout.AddTable([["b"]]);
        var content = layout.Build();
        Assert.Equal([1, 2], content.Pages.Select(p => p.Number).ToArray());
        Assert.Equal([1, 2], content.Tables.Select(t => t.Page).ToArray());
        Assert.Equal(0, content.Pages[1].Lines.Single().Box.Y0);
        Assert.Contains("## Sheet A", content.Markdown, StringComparison.Ordinal);
        Assert.Contains("---\n\n## Sheet B", content.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingAddedIsOneEmptyPage()
    {
        var content = new TextLayout(new ReaderLimits(), "test").Build();
        var page = content.Pages.Single();
        Assert.Empty(page.Lines);
        Assert.Equal((1, 1), (page.Width, page.Height));
    }

    [Fact]
    public void HeadingsAreMarkdownHeadings()
    {
        var layout = new TextLayout(new ReaderLimits(), "test");
        layout.AddHeading("Terms", 2);
        Assert.Equal("## Terms\n", layout.Build().Markdown);
    }

    [Fact]
    public void TextOverTheLimitIsTooLarge()
    {
        var layout = new TextLayout(new ReaderLimits(MaxTextChars: 10), "widget file");
        layout.AddLine("0123456789");
        var e = Assert.Throws<DocumentReadException>(() => layout.AddLine("x"));
        Assert.Equal(DocumentErrorCodes.FileTooLarge, e.Code);
        Assert.Contains("widget file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCellLimitFollowsTheTextLimit()
    {
        Assert.Equal(500_000, TextLayout.MaxCells(new ReaderLimits()));
        Assert.True(TextLayout.MaxCells(new ReaderLimits()) < 1_000_000);
        Assert.Equal(1, TextLayout.MaxCells(new ReaderLimits(MaxTextChars: 5)));
    }
}
