using System.Diagnostics;
using System.Text;
using Quarry.Core.Readers;
using static Quarry.Core.Tests.TestRead;

namespace Quarry.Core.Tests;

public class HtmlReaderTests
{
    private static Task<Documents.DocumentContent> ReadHtml(string html, ReaderLimits? limits = null) =>
        Read(new HtmlReader(), Encoding.UTF8.GetBytes(html), "test.html", limits);

    [Fact]
    public async Task OnlyVisibleTextIsRead()
    {
        var content = await ReadHtml("""
            <html><head><title>TITLE</title><style>.x{}</style><script>var a = "SCRIPT";</script></head>
            <body>
              <p>Visible</p>
              <script>document.write("SCRIPT2")</script>
              <style>p { color: red }</style>
              <template><p>TEMPLATE</p></template>
              <noscript>NOSCRIPT</noscript>
              <div hidden>HIDDEN</div>
              <div style="display: none">NONE</div>
              <span style="VISIBILITY:hidden">INVISIBLE</span>
              <input type="hidden" value="INPUT">
              <!-- COMMENT -->
              <p>Also visible</p>
            </body></html>
            """);
        Assert.Equal(["Visible", "Also visible"], LineTexts(content));
    }

    [Fact]
    public async Task BlocksAndBreaksMakeLinesAndInlineTextJoins()
    {
        var content = await ReadHtml("<body><div>Acme <b>GmbH</b><br>Main   St\n 1</div><p>Total: <span>4,250.00</span></p><ul><li>one</li><li>two</li></ul></body>");
        Assert.Equal(["Acme GmbH", "Main St 1", "Total: 4,250.00", "one", "two"], LineTexts(content));
    }

    [Fact]
    public async Task PreformattedTextKeepsItsSpacing()
    {
        var content = await ReadHtml("<pre>Total:    4,250.00\nDue:      now</pre>");
        var lines = content.Pages.Single().Lines;
        Assert.Equal(10, lines[0].Words[1].Box.X0);
        Assert.Equal(10, lines[1].Words[1].Box.X0);
    }

    [Fact]
    public async Task HeadingsAreMarkdownHeadings()
    {
        var content = await ReadHtml("<h1>Invoice</h1><h3>Items</h3><p>x</p>");
        Assert.Equal("# Invoice\n### Items\nx\n", content.Markdown);
    }

    [Fact]
    public async Task TablesAreTablesWithSpansAndNestedTablesFlattened()
    {
        var content = await ReadHtml("""
            <table>
              <caption>Items</caption>
              <tr><th colspan="2">Both</th><th>C</th></tr>
              <tr><td>x<br>y</td><td><table><tr><td>in</td><td>ner</td></tr></table></td><td>z</td></tr>
              <tr style="display:none"><td>HIDDEN</td></tr>
            </table>
            """);
        var cells = content.Tables.Single().Cells;
        Assert.Equal("Items", cells.Single(c => c.Row == 0 && c.Column == 0).Text);
        Assert.Equal("Both", cells.Single(c => c.Row == 1 && c.Column == 0).Text);
        Assert.Equal("", cells.Single(c => c.Row == 1 && c.Column == 1).Text);
        Assert.Equal("C", cells.Single(c => c.Row == 1 && c.Column == 2).Text);
        Assert.Equal("x\ny", cells.Single(c => c.Row == 2 && c.Column == 0).Text);
        Assert.Equal("in ner", cells.Single(c => c.Row == 2 && c.Column == 1).Text);
        Assert.DoesNotContain(cells, c => c.Text.Contains("HIDDEN", StringComparison.Ordinal));
        Assert.Equal(3, content.Tables.Single().Cells.Max(c => c.Row) + 1);
    }

    [Fact]
    public async Task EntitiesAreDecoded()
    {
        var content = await ReadHtml("<p>Caf&eacute; &amp; Co &#8364;&nbsp;5</p>");
        Assert.Equal("Café & Co € 5", LineTexts(content).Single());
    }

    [Fact]
    public async Task ResourcesAreNeverLoaded()
    {
        // Nothing listens there: a parser that fetched would hang or fail; ours only parses.
        var watch = Stopwatch.StartNew();
        var content = await ReadHtml("""
            <html><head><link rel="stylesheet" href="http://127.0.0.1:9/x.css"><script src="http://127.0.0.1:9/x.js"></script></head>
            <body><img src="http://127.0.0.1:9/x.png" alt="ALT"><iframe src="http://127.0.0.1:9/"></iframe><p>text</p></body></html>
            """);
        Assert.Equal("text", LineTexts(content).Single());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task DeepNestingIsReadWithoutExhaustingTheStack()
    {
        var html = string.Concat(Enumerable.Repeat("<div><span>", 5000)) + "deep" + string.Concat(Enumerable.Repeat("</span></div>", 5000));
        var content = await ReadHtml(html);
        Assert.Contains("deep", AllWords(content));
    }

    [Fact]
    public async Task BrokenHtmlIsReadAsBrowsersDo()
    {
        // A stray </div> is ignored and <b> opens inside the second paragraph, as a browser shows it.
        var content = await ReadHtml("<p>one<p>two</div><b>three");
        Assert.Equal(["one", "twothree"], LineTexts(content));
    }

    [Fact]
    public async Task TextOverTheLimitIsTooLarge() =>
        await Fails(new HtmlReader(), Encoding.UTF8.GetBytes("<p>" + new string('a', 2000) + "</p>"), "big.html",
            DocumentErrorCodes.FileTooLarge, new ReaderLimits(MaxTextChars: 1000));

    [Theory]
    [InlineData("html", true)]
    [InlineData("xml", false)]
    [InlineData("hocr", false)]
    public void ReadsHtmlKindOnly(string kind, bool expected) =>
        Assert.Equal(expected, new HtmlReader().CanRead(new SniffResult("text/html", kind)));
}
