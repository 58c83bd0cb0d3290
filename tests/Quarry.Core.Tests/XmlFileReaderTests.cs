using System.Diagnostics;
using System.Text;
using Quarry.Core.Readers;
using static Quarry.Core.Tests.TestRead;

namespace Quarry.Core.Tests;

public class XmlFileReaderTests
{
    private static Task<Documents.DocumentContent> ReadXml(string xml, ReaderLimits? limits = null) =>
        Read(new XmlFileReader(), Encoding.UTF8.GetBytes(xml), "test.xml", limits);

    [Fact]
    public async Task ElementsAndAttributesAreLabelValueLinesByPath()
    {
        var content = await ReadXml("""
            <?xml version="1.0"?>
            <inv:invoice xmlns:inv="urn:x" id="42">
              <total currency="EUR">4250</total>
              <items><item><sku>A-1</sku></item><item><sku>B-2</sku></item></items>
              <note><![CDATA[a < b]]></note>
              <empty/>
            </inv:invoice>
            """);
        Assert.Equal(
            ["invoice/@id: 42", "invoice/total/@currency: EUR", "invoice/total: 4250", "invoice/items/item[1]/sku: A-1", "invoice/items/item[2]/sku: B-2", "invoice/note: a < b"],
            LineTexts(content));
        AssertLabelLeftOfValue(content, "total", "4250");
    }

    [Fact]
    public async Task MixedContentKeepsItsOwnText()
    {
        var content = await ReadXml("<p>Total <b>4250</b> due</p>");
        Assert.Equal(["p: Total due", "p/b: 4250"], LineTexts(content));
    }

    [Fact]
    public async Task TheDeclaredEncodingIsHonoured()
    {
        var bytes = Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>Café</a>");
        Assert.Equal(["a: Café"], LineTexts(await Read(new XmlFileReader(), bytes, "latin.xml")));
    }

    [Fact]
    public async Task ABillionLaughsIsRefusedQuickly()
    {
        var xml = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        xml.Append("<!ENTITY lol1 \"").Append(string.Concat(Enumerable.Repeat("&lol;", 10))).Append("\">");
        for (var i = 2; i <= 9; i++)
            xml.Append("<!ENTITY lol").Append(i).Append(" \"").Append(string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))).Append("\">");
        xml.Append("]><lolz>&lol9;</lolz>");
        var watch = Stopwatch.StartNew();
        var e = await Fails(new XmlFileReader(), Encoding.UTF8.GetBytes(xml.ToString()), "lol.xml", DocumentErrorCodes.CorruptFile);
        Assert.Contains("DTDs are refused", e.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AnExternalEntityIsNeverRead()
    {
        var secret = Path.Combine(Path.GetTempPath(), $"quarry-secret-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(secret, "TOP-SECRET");
        try
        {
            var xml = $"<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY s SYSTEM \"{new Uri(secret).AbsoluteUri}\">]><r>&s;</r>";
            var e = await Fails(new XmlFileReader(), Encoding.UTF8.GetBytes(xml), "xxe.xml", DocumentErrorCodes.CorruptFile);
            Assert.Contains("DTD", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("TOP-SECRET", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Theory]
    [InlineData("<a><b></a>")]
    [InlineData("<a>")]
    [InlineData("<a></a><b></b>")]
    [InlineData("<a>&undefined;</a>")]
    [InlineData("")]
    public async Task MalformedXmlIsCorrupt(string xml)
    {
        var e = await Fails(new XmlFileReader(), Encoding.UTF8.GetBytes(xml), "bad.xml", DocumentErrorCodes.CorruptFile);
        Assert.Contains("not well-formed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NestingDeeperThanTheLimitIsRefused()
    {
        var xml = string.Concat(Enumerable.Repeat("<a>", 10_000)) + string.Concat(Enumerable.Repeat("</a>", 10_000));
        var e = await Fails(new XmlFileReader(), Encoding.UTF8.GetBytes(xml), "deep.xml", DocumentErrorCodes.CorruptFile);
        Assert.Contains("deeper", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextOverTheLimitIsTooLarge() =>
        await Fails(new XmlFileReader(), Encoding.UTF8.GetBytes("<a>" + new string('x', 2000) + "</a>"), "big.xml",
            DocumentErrorCodes.FileTooLarge, new ReaderLimits(MaxTextChars: 1000));

    [Theory]
    [InlineData("xml", true)]
    [InlineData("html", false)]
    public void ReadsXmlKindOnly(string kind, bool expected) =>
        Assert.Equal(expected, new XmlFileReader().CanRead(new SniffResult("application/xml", kind)));
}
