using System.Text;
using Quarry.Core.Readers;
using static Quarry.Core.Tests.TestRead;

namespace Quarry.Core.Tests;

public class JsonReaderTests
{
    private static Task<Documents.DocumentContent> ReadJson(string json, string name = "test.json", ReaderLimits? limits = null) =>
        Read(new JsonReader(), Encoding.UTF8.GetBytes(json), name, limits);

    [Fact]
    public async Task LeavesAreLabelValueLinesByPath()
    {
        var content = await ReadJson("""
            { "invoice": { "total": 4250, "paid": false, "note": null, "rate": 1.5e-3,
              "items": [ { "sku": "A-1" }, { "sku": "B-2", "tags": ["x", "y"] } ] } }
            """);
        Assert.Equal(
            ["invoice.total: 4250", "invoice.paid: false", "invoice.rate: 1.5e-3", "invoice.items[0].sku: A-1", "invoice.items[1].sku: B-2",
             "invoice.items[1].tags[0]: x", "invoice.items[1].tags[1]: y"],
            LineTexts(content));
        AssertLabelLeftOfValue(content, "invoice.total:", "4250");
    }

    [Fact]
    public async Task MultiLineStringsContinueOnTheNextLines()
    {
        var content = await ReadJson("""{ "address": "Main St 1\nBerlin" }""");
        Assert.Equal(["address: Main St 1", "Berlin"], LineTexts(content));
    }

    [Fact]
    public async Task JsonLinesAreNumberedRecords()
    {
        var content = await ReadJson("{\"sku\":\"A-1\"}\n{\"sku\":\"B-2\"}\n", "items.jsonl");
        Assert.Equal(["[0].sku: A-1", "[1].sku: B-2"], LineTexts(content));
    }

    [Fact]
    public async Task AScalarDocumentIsItsValue()
    {
        Assert.Equal(["hello"], LineTexts(await ReadJson("\"hello\"")));
    }

    [Fact]
    public async Task CommentsAndTrailingCommasAreForgiven()
    {
        Assert.Equal(["a: 1"], LineTexts(await ReadJson("{ // note\n \"a\": 1, }")));
    }

    [Fact]
    public async Task AUtf16FileWithAByteOrderMarkIsRead()
    {
        var utf16 = new UnicodeEncoding(false, true);
        var content = await Read(new JsonReader(), [.. utf16.GetPreamble(), .. utf16.GetBytes("{\"Société\":\"Café\"}")], "u.json");
        Assert.Equal(["Société: Café"], LineTexts(content));
    }

    [Theory]
    [InlineData("{\"a\": }")]
    [InlineData("{\"a\": 1")]
    [InlineData("[1, 2")]
    [InlineData("{'a': 1}")]
    [InlineData("{\"a\": 1} x")]
    public async Task MalformedJsonIsCorrupt(string json)
    {
        var e = await Fails(new JsonReader(), Encoding.UTF8.GetBytes(json), "bad.json", DocumentErrorCodes.CorruptFile);
        Assert.Contains("malformed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NestingDeeperThanTheLimitIsRefused()
    {
        var json = new string('[', 1000) + new string(']', 1000);
        await Fails(new JsonReader(), Encoding.UTF8.GetBytes(json), "deep.json", DocumentErrorCodes.CorruptFile);
        var ok = new string('[', JsonReader.MaxDepth - 1) + "1" + new string(']', JsonReader.MaxDepth - 1);
        Assert.Single(LineTexts(await ReadJson(ok)));
    }

    [Fact]
    public async Task TextOverTheLimitIsTooLarge() =>
        await Fails(new JsonReader(), Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', 2000) + "\"}"), "big.json",
            DocumentErrorCodes.FileTooLarge, new ReaderLimits(MaxTextChars: 1000));

    [Fact]
    public async Task ManyShortValuesOverTheLimitAreTooLarge()
    {
        // Under the limit as a file, over it once every value carries its path.
        var json = "{\"a_long_key_name\":[" + string.Join(',', Enumerable.Repeat("1", 200)) + "]}";
        await Fails(new JsonReader(), Encoding.UTF8.GetBytes(json), "paths.json", DocumentErrorCodes.FileTooLarge, new ReaderLimits(MaxTextChars: 1000));
    }

    [Theory]
    [InlineData("json", true)]
    [InlineData("text", false)]
    public void ReadsJsonKindOnly(string kind, bool expected) =>
        Assert.Equal(expected, new JsonReader().CanRead(new SniffResult("application/json", kind)));
}
