using System.Text;
using Quarry.Core.Readers;
using static Quarry.Core.Tests.TestRead;
using static Quarry.Core.Tests.TestXls;

namespace Quarry.Core.Tests;

public class XlsReaderTests
{
    [Fact]
    public async Task AnXlsWorkbookIsReadLikeAnXlsx()
    {
        var xls = InvoiceSample.Xls();
        Assert.Equal("ole", FileSniffer.Sniff(xls, "invoice.xls").Kind);
        var content = await Read(new XlsReader(), xls, "invoice.xls");
        Assert.Equal(
            ["Invoice Number INV-2024-001", "Date 2024-10-01", "SKU Description Qty Amount", "A-1 Widget 2 1,000.00", "B-2 Gadget 1 3,250.00", "Total 4,250.00"],
            LineTexts(content));
        AssertLabelLeftOfValue(content, "Total", "4,250.00");
        var table = content.Tables.Single();
        Assert.Equal("Widget", table.Cells.Single(c => c.Row == 3 && c.Column == 1).Text);
        Assert.StartsWith("## Invoice\n", content.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CellsOverTheLimitAreTooLarge()
    {
        var cells = Enumerable.Range(0, 30).Select(i => (XlsCell)new Num(i, 0, i)).ToArray();
        await Fails(new XlsReader(), Workbook("S", cells), "many.xls", DocumentErrorCodes.FileTooLarge, new ReaderLimits(MaxTextChars: 2000));
    }

    [Fact]
    public async Task AWordDocumentInAnOleFileIsUnsupported()
    {
        var doc = TestOle.Build(("WordDocument", new byte[4096]), ("1Table", new byte[4096]));
        var e = await Fails(new XlsReader(), doc, "letter.doc", DocumentErrorCodes.UnsupportedFormat);
        Assert.Contains("no Excel workbook", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEncryptedOfficeDocumentIsEncrypted()
    {
        // Password-protected DOCX/XLSX files are OLE files with EncryptionInfo and EncryptedPackage streams.
        var encrypted = TestOle.Build(("EncryptionInfo", TestOle.StandardEncryptionInfo()), ("EncryptedPackage", new byte[8192]));
        var e = await Fails(new XlsReader(), encrypted, "secret.docx", DocumentErrorCodes.EncryptedFile);
        Assert.Contains("password", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOleHeaderWithGarbageBehindItIsCorrupt()
    {
        var bytes = new byte[2048];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(bytes, 0);
        new Random(1).NextBytes(bytes.AsSpan(8));
        await Fails(new XlsReader(), bytes, "junk.xls", DocumentErrorCodes.CorruptFile);
    }

    [Fact]
    public async Task ATruncatedXlsIsCorrupt()
    {
        var xls = InvoiceSample.Xls();
        await Fails(new XlsReader(), xls[..700], "cut.xls", DocumentErrorCodes.CorruptFile);
    }

    [Theory]
    [InlineData("ole", true)]
    [InlineData("xlsx", false)]
    public void ReadsOleKindOnly(string kind, bool expected) =>
        Assert.Equal(expected, new XlsReader().CanRead(new SniffResult("application/x-ole-storage", kind)));

    [Fact]
    public void CodePagesAreAvailableOnceTheReaderIsLoaded()
    {
        _ = new XlsReader();
        Assert.Equal("é", LegacyEncodings.Windows1252.GetString([0xE9]));
        Assert.NotNull(Encoding.GetEncoding(1252));
    }
}
