using System.Text;
using System.Text.Json;
using Quarry.Core.Documents;

namespace Quarry.Core.Tests;

public class ContentJsonTests
{
    private static readonly DocumentContent Sample = new(
        [
            new Page(1, 595, 842, 0,
            [
                new Line([new Word("Total", new Box(50, 292.10199, 74.453, 300), FontSize: 11), new Word("12.00", new Box(200, 292.267, 227.522, 300), Confidence: 0.93)]),
            ]),
            new Page(2, 842, 595, 90, []),
        ],
        [new Table(1, [new TableCell(0, 0, "Qty", new Box(10, 20, 30, 40)), new TableCell(0, 1, "2", null)])],
        "Total 12.00\n\n---\n\n");

    private static readonly string SampleJson = (
        "{'pages':[{'number':1,'width':595,'height':842,'rotation':0,'lines':[{'words':["
        + "{'text':'Total','bbox':[50,292.1,74.45,300],'font_size':11},"
        + "{'text':'12.00','bbox':[200,292.27,227.52,300],'confidence':0.93}],"
        + "'text':'Total 12.00','bbox':[50,292.1,227.52,300]}]},"
        + "{'number':2,'width':842,'height':595,'rotation':90,'lines':[]}],"
        + "'tables':[{'page':1,'cells':[{'row':0,'column':0,'text':'Qty','bbox':[10,20,30,40]},{'row':0,'column':1,'text':'2'}]}],"
        + "'markdown':'Total 12.00\\n\\n---\\n\\n'}").Replace('\'', '"');

    private static Task<DocumentContent> Deserialize(string json) =>
        ContentJson.DeserializeAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), CancellationToken.None);

    [Fact]
    public void WritesSnakeCaseWithBoxesAsArraysAndWithoutNulls() =>
        Assert.Equal(SampleJson, Encoding.UTF8.GetString(ContentJson.Serialize(Sample)));

    [Fact]
    public async Task RoundTrips()
    {
        var back = await Deserialize(Encoding.UTF8.GetString(ContentJson.Serialize(Sample)));

        Assert.Equal(SampleJson, Encoding.UTF8.GetString(ContentJson.Serialize(back)));
        Assert.Equal([1, 2], back.Pages.Select(p => p.Number).ToArray());
        Assert.Equal(90, back.Pages[1].Rotation);
        var words = back.Pages[0].Lines.Single().Words;
        Assert.Equal(new Word("Total", new Box(50, 292.1, 74.45, 300), null, 11), words[0]);
        Assert.Equal(new Word("12.00", new Box(200, 292.27, 227.52, 300), 0.93, null), words[1]);
        Assert.Equal(new Box(50, 292.1, 227.52, 300), back.Pages[0].Lines[0].Box);
        Assert.Equal(new TableCell(0, 0, "Qty", new Box(10, 20, 30, 40)), back.Tables[0].Cells[0]);
        Assert.Equal(new TableCell(0, 1, "2", null), back.Tables[0].Cells[1]);
        Assert.Equal(Sample.Markdown, back.Markdown);
        Assert.Equal(2, back.WordCount);
    }

    [Fact]
    public async Task AnEmptyDocumentRoundTrips()
    {
        var json = Encoding.UTF8.GetString(ContentJson.Serialize(DocumentContent.Empty));
        Assert.Equal("""{"pages":[],"tables":[],"markdown":""}""", json);
        var back = await Deserialize(json);
        Assert.Empty(back.Pages);
        Assert.Equal("", back.Markdown);
    }

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("[1,2,3,4,5]")]
    [InlineData("{\"x0\":1}")]
    public async Task ABoxMustBeFourNumbers(string box)
    {
        var json = """{"pages":[{"number":1,"width":1,"height":1,"rotation":0,"lines":[{"words":[{"text":"a","bbox":""" + box + "}]}]}],\"tables\":[],\"markdown\":\"\"}";
        await Assert.ThrowsAsync<JsonException>(() => Deserialize(json));
    }

    [Fact]
    public async Task NullContentIsAnError() =>
        await Assert.ThrowsAsync<JsonException>(() => Deserialize("null"));
}
