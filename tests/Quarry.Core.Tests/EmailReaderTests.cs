using System.Diagnostics;
using System.Text;
using MimeKit;
using Quarry.Core.Documents;
using Quarry.Core.Readers;
using Quarry.Testing;

namespace Quarry.Core.Tests;

public class EmailReaderTests
{
    private static readonly byte[] Pdf = TestPdf.Simple("Invoice 42");

    private static Task<DocumentContent> Read(byte[] eml, RecordingChildSink? sink, int depth = 0, ReaderLimits? limits = null) =>
        new EmailReader().ReadAsync(new MemoryStream(eml), new ReadContext("mail.eml", limits ?? new ReaderLimits(), depth, sink), CancellationToken.None);

    private static async Task<DocumentReadException> Fails(byte[] eml, RecordingChildSink? sink = null, ReaderLimits? limits = null) =>
        await Assert.ThrowsAsync<DocumentReadException>(() => Read(eml, sink, limits: limits));

    private static byte[] Bytes(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(buffer);
        return buffer.ToArray();
    }

    private static byte[] Raw(string text) => Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"));

    private static MimeMessage Message(string subject = "Invoice 42")
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(new MailboxAddress("Alice Example", "alice@example.com"));
        message.To.Add(new MailboxAddress("Bob", "bob@example.com"));
        return message;
    }

    private static MimePart Attachment(string? name, string mimeType, byte[] content)
    {
        var part = new MimePart(mimeType)
        {
            Content = new MimeContent(new MemoryStream(content)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
        };
        if (name is not null)
            part.FileName = name;
        return part;
    }

    private static MimeMessage WithAttachments(params MimeEntity[] attachments)
    {
        var message = Message();
        var builder = new BodyBuilder { TextBody = "See attached." };
        foreach (var a in attachments)
            builder.Attachments.Add(a);
        message.Body = builder.ToMessageBody();
        return message;
    }

    [Fact]
    public void ReadsEmlOnly() => Assert.True(new EmailReader().CanRead(new SniffResult("message/rfc822", "eml")));

    [Fact]
    public async Task TheDocumentIsTheHeadersAndThePlainBodyAndAttachmentsBecomeChildren()
    {
        var inner = Message("Invoice 3/2024");
        inner.Body = new TextPart("plain") { Text = "Inner body" };

        var message = Message("Invoice 42 – März");
        message.To.Add(new MailboxAddress("", "carol@example.com"));
        message.Cc.Add(new MailboxAddress("Dan", "dan@example.com"));
        message.Date = new DateTimeOffset(2024, 3, 5, 14, 30, 0, TimeSpan.FromHours(1));
        var builder = new BodyBuilder
        {
            TextBody = "Please find the invoice attached.\nTotal: 12.00 EUR\n",
            HtmlBody = "<p>Please find the <b>invoice</b> attached.</p>",
        };
        builder.Attachments.Add("invoice.pdf", Pdf, new ContentType("application", "pdf"));
        builder.Attachments.Add(new TextPart("plain")
        {
            Text = "Reference: PO-7",
            ContentDisposition = new ContentDisposition(ContentDisposition.Inline) { FileName = "notes.txt" },
        });
        builder.Attachments.Add(new MessagePart { Message = inner });
        message.Body = builder.ToMessageBody();
        var sink = new RecordingChildSink();

        var content = await Read(Bytes(message), sink);

        Assert.Equal(
            "From: Alice Example <alice@example.com>\n" +
            "To: Bob <bob@example.com>, carol@example.com\n" +
            "Cc: Dan <dan@example.com>\n" +
            "Date: 2024-03-05 14:30:00 +01:00\n" +
            "Subject: Invoice 42 – März\n" +
            "\n" +
            "Please find the invoice attached.\n" +
            "Total: 12.00 EUR\n",
            content.Markdown);
        var lines = content.Pages.Single().Lines;
        Assert.Equal("Subject: Invoice 42 – März", lines[4].Text);
        Assert.Equal(new Box(0, 6, 33, 7), lines[5].Box);   // the blank line keeps its row
        Assert.Equal(["invoice.pdf", "notes.txt", "Invoice 3-2024.eml"], sink.Names.ToArray());
        Assert.Equal(Pdf, sink["invoice.pdf"]);
        Assert.Equal("Reference: PO-7", Encoding.UTF8.GetString(sink["notes.txt"]));

        var attached = MimeMessage.Load(new MemoryStream(sink["Invoice 3-2024.eml"]));
        Assert.Equal("Invoice 3/2024", attached.Subject);
        var nested = await Read(sink["Invoice 3-2024.eml"], new RecordingChildSink(), depth: 1);
        Assert.Contains("Inner body", nested.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnHtmlOnlyBodyIsReadAsText()
    {
        var message = Message();
        message.Body = new TextPart("html")
        {
            Text = "<html><head><title>T</title><style>p{color:red}</style><script>alert(1)</script></head>" +
                   "<body><p>Invoice&nbsp;42 &amp; more</p><table><tr><td>Total</td><td>12.00</td></tr></table>" +
                   "<img src=\"http://tracker.example/x.png\"><br>Thanks</body></html>",
        };

        var content = await Read(Bytes(message), new RecordingChildSink());

        Assert.EndsWith("\n\nInvoice 42 & more\n\nTotal\t12.00\n\nThanks\n", content.Markdown, StringComparison.Ordinal);
        Assert.Contains(content.AllLines(), l => l.Line.Text == "Total 12.00");
    }

    [Fact]
    public async Task FlowedTextIsJoinedBack()
    {
        var eml = Raw("From: a@example.com\nTo: b@example.com\nSubject: flowed\nContent-Type: text/plain; format=flowed\n\nThis line was \nwrapped by the sender.\n");
        var content = await Read(eml, null);
        Assert.EndsWith("\nThis line was wrapped by the sender.\n", content.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnparsableDateStaysAsWritten()
    {
        var content = await Read(Raw("From: a@example.com\nDate: next Tuesday\nSubject: s\n\nbody\n"), null);
        Assert.Contains("Date: next Tuesday\n", content.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnnamedAttachmentsAreNumberedWithAnExtensionForTheirType()
    {
        var sink = new RecordingChildSink();
        await Read(Bytes(WithAttachments(Attachment(null, "application/pdf", Pdf), Attachment(null, "application/x-quarry-unknown", [1]))), sink);
        Assert.Equal(["attachment-1.pdf", "attachment-2.bin"], sink.Names.ToArray());
        Assert.Equal(Pdf, sink["attachment-1.pdf"]);
    }

    [Fact]
    public async Task AttachmentNamesAreSanitizedToFileNames()
    {
        var sink = new RecordingChildSink();
        await Read(Bytes(WithAttachments(Attachment("../../etc/passwd", "text/plain", [65]), Attachment("C:\\Users\\me\\scan.pdf", "application/pdf", Pdf))), sink);
        Assert.Equal(["passwd", "scan.pdf"], sink.Names.ToArray());
    }

    [Fact]
    public async Task SignaturesAreNotAttachments()
    {
        var eml = Raw("""
            From: a@example.com
            Subject: signed
            MIME-Version: 1.0
            Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="sig"

            --sig
            Content-Type: text/plain

            Signed body
            --sig
            Content-Type: application/pkcs7-signature; name=smime.p7s
            Content-Disposition: attachment; filename=smime.p7s
            Content-Transfer-Encoding: base64

            AAAA
            --sig--
            """);
        var sink = new RecordingChildSink();
        var content = await Read(eml, sink);
        Assert.Contains("Signed body", content.Markdown, StringComparison.Ordinal);
        Assert.Empty(sink.Children);
    }

    [Fact]
    public async Task MoreAttachmentsThanTheLimitAreRefusedBeforeAnyIsHandedOver()
    {
        var sink = new RecordingChildSink();
        var eml = Bytes(WithAttachments(Attachment("a.txt", "text/plain", [65]), Attachment("b.txt", "text/plain", [66]), Attachment("c.txt", "text/plain", [67])));
        var e = await Fails(eml, sink, new ReaderLimits(MaxArchiveEntries: 2));
        Assert.Equal(DocumentErrorCodes.ArchiveLimitExceeded, e.Code);
        Assert.Contains("3 attachments", e.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Children);
    }

    [Fact]
    public async Task AttachmentsAddingUpToMoreThanTheSizeLimitAreRefused()
    {
        var eml = Bytes(WithAttachments(Attachment("a.bin", "application/octet-stream", new byte[600]), Attachment("b.bin", "application/octet-stream", new byte[600])));
        var e = await Fails(eml, new RecordingChildSink(), new ReaderLimits(MaxUncompressedBytes: 1000));
        Assert.Equal(DocumentErrorCodes.ArchiveLimitExceeded, e.Code);
    }

    [Fact]
    public async Task AtTheNestingDepthLimitTheMessageIsReadButItsAttachmentsAreNotUnpacked()
    {
        var sink = new RecordingChildSink();
        var content = await Read(Bytes(WithAttachments(Attachment("a.pdf", "application/pdf", Pdf))), sink, depth: new ReaderLimits().MaxNestingDepth);
        Assert.Contains("See attached.", content.Markdown, StringComparison.Ordinal);
        Assert.Empty(sink.Children);
    }

    [Fact]
    public async Task WithoutAChildSinkOnlyTheMessageIsRead()
    {
        var content = await Read(Bytes(WithAttachments(Attachment("a.pdf", "application/pdf", Pdf))), sink: null);
        Assert.Contains("See attached.", content.Markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u0000\u0001\u0002\u00FF")]
    [InlineData("just some words without any header\n\nbody")]
    public async Task WhatMimeKitCannotParseIsCorrupt(string text)
    {
        var e = await Fails(Encoding.Latin1.GetBytes(text));
        Assert.Equal(DocumentErrorCodes.CorruptFile, e.Code);
    }

    [Fact]
    public async Task AnEncryptedMessageIsRefused()
    {
        var eml = Raw("""
            From: a@example.com
            Subject: secret
            MIME-Version: 1.0
            Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="enc"

            --enc
            Content-Type: application/pgp-encrypted

            Version: 1
            --enc
            Content-Type: application/octet-stream

            -----BEGIN PGP MESSAGE-----
            hQEMA
            -----END PGP MESSAGE-----
            --enc--
            """);
        var e = await Fails(eml, new RecordingChildSink());
        Assert.Equal(DocumentErrorCodes.EncryptedFile, e.Code);
    }

    private static byte[] Nested(int levels)
    {
        var eml = new StringBuilder("From: a@example.com\nSubject: deep\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n");
        for (var i = 0; i < levels; i++)
            eml.Append(System.Globalization.CultureInfo.InvariantCulture, $"--b{i}\nContent-Type: multipart/mixed; boundary=\"b{i + 1}\"\n\n");
        eml.Append(System.Globalization.CultureInfo.InvariantCulture, $"--b{levels}\nContent-Type: text/plain\n\nhello\n--b{levels}--\n");
        for (var i = levels - 1; i >= 0; i--)
            eml.Append(System.Globalization.CultureInfo.InvariantCulture, $"--b{i}--\n");
        return Raw(eml.ToString());
    }

    [Fact]
    public async Task ModeratelyNestedMultipartsAreRead()
    {
        var content = await Read(Nested(10), new RecordingChildSink());
        Assert.EndsWith("\nhello\n", content.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeeplyNestedMultipartsAreRefusedWithoutBlowingTheStack()
    {
        var e = await Fails(Nested(5000), new RecordingChildSink());
        Assert.Equal(DocumentErrorCodes.ArchiveLimitExceeded, e.Code);
        Assert.Contains("levels deep", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HugeHeadersAreParsedAndShownShortened()
    {
        var subject = string.Concat(Enumerable.Repeat("word ", 200_000));
        var to = string.Join(", ", Enumerable.Range(0, 20_000).Select(i => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"user{i}@example.com")));
        var eml = Raw($"From: a@example.com\nTo: {to}\nSubject: {subject}\n\nbody\n");

        var clock = Stopwatch.StartNew();
        var content = await Read(eml, new RecordingChildSink());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        var lines = content.Markdown.Split('\n');
        Assert.StartsWith("To: user0@example.com, user1@example.com", lines[1], StringComparison.Ordinal);
        Assert.InRange(lines[1].Length, 4000, 4200);
        Assert.StartsWith("Subject: word word", lines[2], StringComparison.Ordinal);
        Assert.InRange(lines[2].Length, 4000, 4200);
        Assert.EndsWith("\nbody\n", content.Markdown, StringComparison.Ordinal);
    }
}
