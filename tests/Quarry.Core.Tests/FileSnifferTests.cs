using System.Text;
using Quarry.Core.Readers;
using Quarry.Testing;

namespace Quarry.Core.Tests;

public class FileSnifferTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Theory]
    [InlineData("25 50 44 46 2D 31 2E 37 0A", "x.pdf", "application/pdf", "pdf")]
    [InlineData("89 50 4E 47 0D 0A 1A 0A 00 00 00 0D 49 48 44 52", "x.png", "image/png", "image")]
    [InlineData("FF D8 FF E0 00 10 4A 46 49 46 00", "x.jpg", "image/jpeg", "image")]
    [InlineData("47 49 46 38 39 61 01 00 01 00", "x.gif", "image/gif", "image")]
    [InlineData("49 49 2A 00 08 00 00 00", "x.tif", "image/tiff", "image")]
    [InlineData("4D 4D 00 2A 00 00 00 08", "x.tif", "image/tiff", "image")]
    [InlineData("42 4D 36 00 0C 00 00 00 00 00 36 00 00 00", "x.bmp", "image/bmp", "image")]
    [InlineData("52 49 46 46 24 00 00 00 57 45 42 50 56 50 38 20", "x.webp", "image/webp", "image")]
    [InlineData("50 4B 03 04 14 00 00 00 08 00", "x.zip", "application/zip", "zip")]
    [InlineData("50 4B 05 06 00 00 00 00", "empty.zip", "application/zip", "zip")]
    [InlineData("D0 CF 11 E0 A1 B1 1A E1 00 00", "x.doc", "application/x-ole-storage", "ole")]
    [InlineData("1F 8B 08 00 00 00 00 00", "x.gz", "application/gzip", "gzip")]
    // the bytes win over the name
    [InlineData("25 50 44 46 2D 31 2E 34", "invoice.txt", "application/pdf", "pdf")]
    [InlineData("89 50 4E 47 0D 0A 1A 0A 00 00", "scan.pdf", "image/png", "image")]
    [InlineData("50 4B 03 04 14 00", null, "application/zip", "zip")]
    public void KnowsFilesByTheirMagicBytes(string hex, string? name, string mime, string kind) =>
        Assert.Equal(new SniffResult(mime, kind), FileSniffer.Sniff(Hex(hex), name));

    [Fact]
    public void KnowsARealPdf() =>
        Assert.Equal(new SniffResult("application/pdf", "pdf"), FileSniffer.Sniff(TestPdf.Simple("Hello"), "a.bin"));

    [Fact]
    public void FindsAPdfHeaderAfterLeadingJunk()
    {
        var bytes = Encoding.ASCII.GetBytes(new string('x', 500) + "%PDF-1.4\n");
        Assert.Equal(new SniffResult("application/pdf", "pdf"), FileSniffer.Sniff(bytes, "x.pdf"));

        var tooLate = Encoding.ASCII.GetBytes(new string('x', 1100) + "%PDF-1.4\n");
        Assert.Equal(new SniffResult("text/plain", "text"), FileSniffer.Sniff(tooLate, "x.pdf"));
    }

    [Theory]
    [InlineData("Invoice 42\nTotal: 12.00\n", "notes.txt", "text/plain", "text")]
    [InlineData("Invoice 42\nTotal: 12.00\n", null, "text/plain", "text")]
    [InlineData("Invoice 42\nTotal: 12.00\n", "noext", "text/plain", "text")]
    [InlineData("# Invoice\n\n* Total: 12.00\n", "README.md", "text/markdown", "text")]
    [InlineData("# Invoice\n", "notes.MARKDOWN", "text/markdown", "text")]
    [InlineData("name,total\nAcme,12.00\n", "export.csv", "text/csv", "csv")]
    [InlineData("name,total\nAcme,12.00\n", "EXPORT.CSV", "text/csv", "csv")]
    [InlineData("name\ttotal\n", "export.tsv", "text/tab-separated-values", "csv")]
    [InlineData("{\"total\": 12}", "data.json", "application/json", "json")]
    [InlineData("<invoice/>", "data.xml", "application/xml", "xml")]
    [InlineData("<html></html>", "page.htm", "text/html", "html")]
    [InlineData("From: a@b.example\r\nSubject: Invoice\r\n", "mail.eml", "message/rfc822", "eml")]
    // text starting with letters that are also magic bytes of a binary format
    [InlineData("BMW Group, invoice 42\n", "bmw.txt", "text/plain", "text")]
    [InlineData("BM,12.00\n", "codes.csv", "text/csv", "csv")]
    public void TextTakesItsTypeFromTheExtension(string text, string? name, string mime, string kind) =>
        Assert.Equal(new SniffResult(mime, kind), FileSniffer.Sniff(Encoding.UTF8.GetBytes(text), name));

    [Fact]
    public void Utf16WithByteOrderMarkIsText()
    {
        var le = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Total: 12")).ToArray();
        var be = Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes("Total: 12")).ToArray();
        Assert.Equal(new SniffResult("text/plain", "text"), FileSniffer.Sniff(le, "a.txt"));
        Assert.Equal(new SniffResult("text/plain", "text"), FileSniffer.Sniff(be, "a.txt"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("00 01 02 03 04 05 06 07")]
    [InlineData("48 65 6C 6C 6F 00 77 6F 72 6C 64")] // "Hello\0world": a NUL is never text
    [InlineData("7F 45 4C 46 02 01 01 00 00 00")] // ELF
    public void BinaryJunkIsAnOctetStream(string hex) =>
        Assert.Equal(new SniffResult("application/octet-stream", "binary"), FileSniffer.Sniff(Hex(hex), "junk.txt"));

    [Fact]
    public void RandomBytesAreAnOctetStream()
    {
        var bytes = new byte[FileSniffer.HeaderLength];
        new Random(42).NextBytes(bytes);
        bytes[0] = 0x13; // no magic by chance
        Assert.Equal(new SniffResult("application/octet-stream", "binary"), FileSniffer.Sniff(bytes, "data.txt"));
    }

    [Theory]
    [InlineData("€", 1)] // E2 82 AC cut to E2 82
    [InlineData("€", 2)] // cut to E2
    [InlineData("é", 1)] // C3 A9 cut to C3
    [InlineData("😀", 1)] // F0 9F 98 80 cut to F0 9F 98
    [InlineData("😀", 3)] // cut to F0
    public void Utf8CutMidSequenceIsStillText(string last, int keep)
    {
        // ANSI escapes make the text fail the Latin-1 fallback, so only the UTF-8 check can call it text.
        var text = string.Concat(Enumerable.Repeat("\u001b[1mStatus: payé\u001b[0m ", 20));
        var bytes = Encoding.UTF8.GetBytes(text).Concat(Encoding.UTF8.GetBytes(last).Take(keep)).ToArray();
        Assert.True(FileSniffer.LooksLikeText(bytes));
        Assert.Equal(new SniffResult("text/plain", "text"), FileSniffer.Sniff(bytes, "log.txt"));
    }

    [Fact]
    public void InvalidUtf8InTheMiddleIsNotCutAway()
    {
        // The same text with a broken sequence inside: neither valid UTF-8 nor Latin-1 text with so many controls.
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("\u001b[1mStatus\u001b[0m ", 20)));
        var bytes = text[..40].Concat(new byte[] { 0xE2, 0x28, 0xA1 }).Concat(text[40..]).ToArray();
        Assert.False(FileSniffer.LooksLikeText(bytes));
    }

    [Fact]
    public void Latin1TextIsText()
    {
        var bytes = Encoding.Latin1.GetBytes("Société Générale, facture n° 42\r\nMontant: 12,50 €\r\n".Replace("€", "EUR", StringComparison.Ordinal));
        Assert.Equal(new SniffResult("text/plain", "text"), FileSniffer.Sniff(bytes, "facture.txt"));
    }
}
