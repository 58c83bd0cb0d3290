using System.Text;
using Quarry.Core.Readers;
using Quarry.Testing;

namespace Quarry.Core.Tests;

public class DocumentReadersTests
{
    private static async Task<Documents.DocumentContent> Read(byte[] bytes, string name) =>
        await DocumentReaders.Default().ReadAsync(new MemoryStream(bytes), FileSniffer.Sniff(bytes, name), ReadContext.For(name), CancellationToken.None);

    [Fact]
    public async Task APdfGoesToThePdfReader()
    {
        var content = await Read(TestPdf.Simple("Invoice 42"), "a.pdf");
        Assert.Equal("Invoice 42\n", content.Markdown);
        Assert.Equal(595, content.Pages.Single().Width);
    }

    [Fact]
    public async Task TextGoesToThePlainTextReader()
    {
        var content = await Read(Encoding.UTF8.GetBytes("Invoice 42"), "a.txt");
        Assert.Equal("Invoice 42", content.Markdown);
        Assert.Equal(10, content.Pages.Single().Width);
    }

    [Theory]
    [InlineData("00 07 AA BB CC DD EE FF", "a.bin", "application/octet-stream")]
    [InlineData("00 07 AA BB CC DD EE FF", "looks-like.pdf", "application/octet-stream")]
    public async Task OtherTypesAreUnsupported(string hex, string name, string mime)
    {
        var e = await Assert.ThrowsAsync<DocumentReadException>(() => Read(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), name));
        Assert.Equal("unsupported_format", e.Code);
        Assert.Contains(mime, e.Message, StringComparison.Ordinal);
    }
}
