using Quarry.Core.Readers;

namespace Quarry.Core.Tests;

public class HtmlTextTests
{
    [Theory]
    [InlineData("<p>Hello   <b>world</b></p>", "Hello world\n")]
    [InlineData("<div>a</div><div>b</div>", "a\nb\n")]
    [InlineData("a<br>b<br><br><br><br>c", "a\nb\n\nc\n")]
    [InlineData("<p>a</p>\n\n<p>b</p>", "a\n\nb\n")]
    [InlineData("<ul><li>one</li><li>two</li></ul>", "one\ntwo\n")]
    [InlineData("<table><tr><th>Item</th><th>Amount</th></tr><tr><td>Total</td><td>12.00</td></tr></table>", "Item\tAmount\nTotal\t12.00\n")]
    [InlineData("<pre>a  b\n  c</pre>", "a  b\n  c\n")]
    [InlineData("<style>p { x }</style><script>var a = '<p>';</script>Text", "Text\n")]
    [InlineData("&lt;tag&gt; &euro;12 &#169;", "<tag> €12 ©\n")]
    [InlineData("<!-- hidden --><p>shown</p>", "shown\n")]
    [InlineData("", "")]
    [InlineData("<p> </p>", "")]
    public void HtmlBecomesReadableText(string html, string expected) =>
        Assert.Equal(expected, HtmlText.Convert(html));
}
