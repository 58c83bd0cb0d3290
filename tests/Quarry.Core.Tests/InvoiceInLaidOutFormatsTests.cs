using System.Text;
using MimeKit;
using Quarry.Core.Documents;
using Quarry.Core.Readers;
using Quarry.Core.Readers.Ocr;
using Quarry.Testing;
using static Quarry.Core.Tests.TestRead;

namespace Quarry.Core.Tests;

/// <summary>
/// The invoice of <see cref="InvoiceSample"/> once more, in the formats with a page layout or a body — PDF with a text
/// layer, the same page scanned (PNG and image-only PDF, through Tesseract), plain text and e-mail — read through
/// <see cref="DocumentReaders.Default"/> from sniffed bytes, as ingestion does: the same words, labels left of values.
/// </summary>
public sealed class InvoiceInLaidOutFormatsTests
{
    private static readonly string[] Lines =
    [
        "Invoice Number: INV-2024-001",
        "Date: 2024-10-01",
        "SKU Description Qty Amount",
        "A-1 Widget 2 1,000.00",
        "B-2 Gadget 1 3,250.00",
        "Total: 4,250.00",
    ];

    private static readonly TesseractOcrEngine Ocr = new(new OcrOptions(Dpi: 200));

    public static TheoryData<string> Formats => ["pdf", "png", "scanned.pdf", "txt", "eml"];

    private static async Task<(byte[] Bytes, string Name)> Invoice(string format)
    {
        var pdf = TestPdf.Page(Lines.Select((l, i) => new TestPdf.TextLine(l, 60, 80 + i * 24, 12)).ToArray());
        return format switch
        {
            "pdf" => (pdf, "invoice.pdf"),
            "png" => (await Scans.Render(pdf, "-png"), "invoice.png"),
            "scanned.pdf" => (Scans.ImagePdf(await Scans.Render(pdf, "-png")), "scanned.pdf"),
            "txt" => (Encoding.UTF8.GetBytes(string.Join("\n", Lines)), "invoice.txt"),
            "eml" => (Email(), "invoice.eml"),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    private static byte[] Email()
    {
        var message = new MimeMessage { Subject = "Your invoice" };
        message.From.Add(new MailboxAddress("Acme Billing", "billing@acme.test"));
        message.To.Add(new MailboxAddress("Customer", "ap@customer.test"));
        message.Body = new TextPart("plain") { Text = string.Join("\n", Lines) };
        using var ms = new MemoryStream();
        message.WriteTo(ms);
        return ms.ToArray();
    }

    private static async Task<DocumentContent> ReadInvoice(string format)
    {
        var (bytes, name) = await Invoice(format);
        var type = FileSniffer.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, FileSniffer.HeaderLength)), name);
        return await DocumentReaders.Default().ReadAsync(new MemoryStream(bytes), type, new ReadContext(name, new ReaderLimits(), Ocr: Ocr), default);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task The_same_words_come_out(string format)
    {
        var words = AllWords(await ReadInvoice(format)).ToHashSet(StringComparer.Ordinal);
        foreach (var expected in new[] { "INV-2024-001", "2024-10-01", "4,250.00", "A-1", "B-2", "Widget", "Gadget", "1,000.00", "3,250.00" })
            Assert.Contains(expected, words);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Each_label_is_left_of_its_value_on_one_line(string format)
    {
        var content = await ReadInvoice(format);
        LeftOfOnOneLine(content, "Number:", "INV-2024-001");
        LeftOfOnOneLine(content, "Date:", "2024-10-01");
        LeftOfOnOneLine(content, "Total:", "4,250.00");
    }

    /// <summary>Glyph heights differ in laid-out pages, so "one line" means one visual line here, not equal boxes.</summary>
    private static void LeftOfOnOneLine(DocumentContent content, string label, string value)
    {
        var lines = content.Pages.SelectMany(p => p.Lines).ToList();
        Assert.True(lines.Any(line =>
            line.Words.FirstOrDefault(w => w.Text == value) is { } v
            && line.Words.Any(w => w.Text == label && w.Box.X1 <= v.Box.X0)),
            $"No line has '{label}' left of '{value}'. Lines:\n{string.Join('\n', lines.Select(l => l.Text))}");
    }
}
