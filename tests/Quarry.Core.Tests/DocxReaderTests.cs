using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using Quarry.Core.Readers;
using static Quarry.Core.Tests.TestOffice;
using static Quarry.Core.Tests.TestRead;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Quarry.Core.Tests;

public class DocxReaderTests
{
    private const string WordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    private static Task<Documents.DocumentContent> ReadDocx(byte[] docx, ReaderLimits? limits = null) =>
        Read(new DocxReader(), docx, "test.docx", limits);

    [Fact]
    public async Task ParagraphsTablesAndParagraphsAgainInBodyOrder()
    {
        var content = await ReadDocx(InvoiceSample.Docx());
        Assert.Equal(
            ["Invoice", "Invoice Number: INV-2024-001", "Date: 2024-10-01", "SKU Description Qty Amount", "A-1 Widget 2 1,000.00", "B-2 Gadget 1 3,250.00", "Total: 4,250.00"],
            LineTexts(content));
        Assert.StartsWith("# Invoice\n", content.Markdown, StringComparison.Ordinal);
        Assert.Equal(12, content.Tables.Single().Cells.Count);
    }

    [Fact]
    public async Task TabsAdvanceToTheNextStopAndBreaksStartLines()
    {
        var content = await ReadDocx(Docx(Paragraph("Total:\t4,250.00"), Paragraph("Acme GmbH\nMain St 1")));
        var lines = content.Pages.Single().Lines;
        Assert.Equal(8, lines[0].Words[1].Box.X0);
        Assert.Equal(["Total: 4,250.00", "Acme GmbH", "Main St 1"], lines.Select(l => l.Text).ToArray());
        Assert.Equal([0d, 1, 2], lines.Select(l => l.Box.Y0).ToArray());
    }

    [Fact]
    public async Task EmptyParagraphsKeepTheirLine()
    {
        var content = await ReadDocx(Docx(Paragraph("a"), new W.Paragraph(), Paragraph("b")));
        Assert.Equal(2, content.Pages.Single().Lines[1].Box.Y0);
    }

    [Fact]
    public async Task HeadersComeFirst()
    {
        var content = await ReadDocx(Docx([Paragraph("Body text")], headerText: "Acme GmbH – Invoice INV-7"));
        Assert.Equal(["Acme GmbH – Invoice INV-7", "Body text"], LineTexts(content));
    }

    [Fact]
    public async Task SpannedCellsAreFollowedByEmptyCellsAndMergedCellsAreEmpty()
    {
        var spanned = new W.TableCell(new W.TableCellProperties(new W.GridSpan { Val = 2 }), Paragraph("Both"));
        var top = new W.TableCell(new W.TableCellProperties(new W.VerticalMerge { Val = W.MergedCellValues.Restart }), Paragraph("Tall"));
        var below = new W.TableCell(new W.TableCellProperties(new W.VerticalMerge()), Paragraph(""));
        var table = new W.Table(
            new W.TableRow(spanned, new W.TableCell(Paragraph("c"))),
            new W.TableRow(top, new W.TableCell(Paragraph("x")), new W.TableCell(Paragraph("y"))),
            new W.TableRow(below, new W.TableCell(Paragraph("z")), new W.TableCell(Paragraph("w"))));
        var content = await ReadDocx(Docx(table));
        var cells = content.Tables.Single().Cells;
        Assert.Equal("Both", cells.Single(c => c.Row == 0 && c.Column == 0).Text);
        Assert.Equal("", cells.Single(c => c.Row == 0 && c.Column == 1).Text);
        Assert.Equal("c", cells.Single(c => c.Row == 0 && c.Column == 2).Text);
        Assert.Equal("", cells.Single(c => c.Row == 2 && c.Column == 0).Text);
        Assert.Equal("w", cells.Single(c => c.Row == 2 && c.Column == 2).Text);
    }

    [Fact]
    public async Task ACellWithSeveralParagraphsKeepsThemAsLinesOfTheCell()
    {
        var content = await ReadDocx(Docx(Table(["Address", "Main St 1\nBerlin"])));
        Assert.Equal("Main St 1\nBerlin", content.Tables.Single().Cells[1].Text);
        Assert.Equal("Address Main St 1 Berlin", LineTexts(content).Single());
    }

    [Fact]
    public async Task DeletedTextAndFieldCodesAreNotRead()
    {
        var p = new W.Paragraph(
            new W.Run(new W.Text("Total: ")),
            new W.DeletedRun(new W.Run(new W.DeletedText("999.00"))),
            new W.Run(new W.FieldCode(" PAGE ")),
            new W.Run(new W.Text("12.00")));
        Assert.Equal("Total: 12.00", LineTexts(await ReadDocx(Docx(p))).Single());
    }

    [Fact]
    public async Task ContentControlsAreRead()
    {
        var sdt = new W.SdtBlock(new W.SdtContentBlock(Paragraph("Inside a control")));
        Assert.Equal("Inside a control", LineTexts(await ReadDocx(Docx(sdt))).Single());
    }

    [Fact]
    public async Task ABillionLaughsDocumentIsRefusedQuickly()
    {
        var laughs = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
        for (var i = 1; i <= 9; i++)
            laughs.Append(" <!ENTITY lol").Append(i).Append(" \"").Append(string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))};", 10))).Append("\">\n");
        laughs.Append("]>\n<w:document xmlns:w=\"").Append(WordNs).Append("\"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>");
        var docx = ReplaceEntry(Docx(Paragraph("x")), "word/document.xml", laughs.ToString());

        var watch = Stopwatch.StartNew();
        var e = await Fails(new DocxReader(), docx, "lol.docx", DocumentErrorCodes.CorruptFile);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Contains("DTDs are refused", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADtdInAnyPartIsRefused()
    {
        var docx = ReplaceEntry(Docx(Paragraph("x")), "word/styles.xml", "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"file:///etc/passwd\"><x/>");
        var e = await Fails(new DocxReader(), docx, "dtd.docx", DocumentErrorCodes.CorruptFile);
        Assert.Contains("DTD", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADocumentPartThatIsAZipBombIsRefused()
    {
        // 20 MB of spaces compress about a thousandfold: far over the ratio limit.
        var bomb = "<?xml version=\"1.0\"?><w:document xmlns:w=\"" + WordNs + "\"><w:body>" + new string(' ', 20_000_000) + "</w:body></w:document>";
        var docx = ReplaceEntry(Docx(Paragraph("x")), "word/document.xml", bomb);
        var watch = Stopwatch.StartNew();
        var e = await Fails(new DocxReader(), docx, "bomb.docx", DocumentErrorCodes.ArchiveLimitExceeded);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Contains("word/document.xml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APackageLargerThanTheLimitIsRefused()
    {
        var big = "<?xml version=\"1.0\"?><w:document xmlns:w=\"" + WordNs + "\"><w:body>" + new string(' ', 3_000_000) + "</w:body></w:document>";
        var docx = ReplaceEntry(Docx(Paragraph("x")), "word/document.xml", Encoding.UTF8.GetBytes(big), CompressionLevel.NoCompression);
        await Fails(new DocxReader(), docx, "big.docx", DocumentErrorCodes.ArchiveLimitExceeded, new ReaderLimits(MaxUncompressedBytes: 1_000_000));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    public async Task ATruncatedDocxIsCorrupt(int fraction)
    {
        var docx = InvoiceSample.Docx();
        await Fails(new DocxReader(), docx[..(docx.Length / fraction)], "cut.docx", DocumentErrorCodes.CorruptFile);
    }

    [Fact]
    public async Task MalformedXmlInTheDocumentIsCorrupt()
    {
        var docx = ReplaceEntry(Docx(Paragraph("x")), "word/document.xml", "<w:document xmlns:w=\"" + WordNs + "\"><w:body>");
        var e = await Fails(new DocxReader(), docx, "bad.docx", DocumentErrorCodes.CorruptFile);
        Assert.Contains("word/document.xml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APackageWithoutContentTypesIsCorrupt()
    {
        using var ms = new MemoryStream();
        ms.Write(Docx(Paragraph("x")));
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Update, leaveOpen: true))
            zip.GetEntry("[Content_Types].xml")!.Delete();
        await Fails(new DocxReader(), ms.ToArray(), "no-types.docx", DocumentErrorCodes.CorruptFile);
    }

    [Fact]
    public async Task TextOverTheLimitIsTooLarge()
    {
        var docx = Docx(Enumerable.Range(0, 200).Select(i => (OpenXmlElement)Paragraph("Lorem ipsum dolor sit amet")).ToArray());
        await Fails(new DocxReader(), docx, "long.docx", DocumentErrorCodes.FileTooLarge, new ReaderLimits(MaxTextChars: 1000));
    }

    [Theory]
    [InlineData("docx", true)]
    [InlineData("xlsx", false)]
    [InlineData("zip", false)]
    public void ReadsDocxKindOnly(string kind, bool expected) =>
        Assert.Equal(expected, new DocxReader().CanRead(new SniffResult("application/octet-stream", kind)));

    [Fact]
    public async Task TheRegistryRoutesADocxHere()
    {
        var docx = InvoiceSample.Docx();
        var type = ContainerProbe.Refine(new MemoryStream(docx), FileSniffer.Sniff(docx, "x.docx"));
        Assert.True(new DocxReader().CanRead(type));
    }
}
