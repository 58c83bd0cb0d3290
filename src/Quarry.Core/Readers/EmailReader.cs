using System.Globalization;
using System.Text;
using MimeKit;
using MimeKit.Text;
using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>
/// E-mail (RFC 5322 / MIME, .eml). The document is the message: its main headers as "Label: value" lines, a
/// blank line, then the body (text/plain preferred, else the HTML as text). Attachments and attached messages go
/// to <see cref="ReadContext.Children"/> as documents of their own. A message at the nesting depth limit is still
/// read, but its attachments are not unpacked: they would sit deeper than the limit allows.
/// </summary>
public sealed class EmailReader : IDocumentReader
{
    /// <summary>A header line is for reading; a megabyte of recipients or subject is not, and would crowd out the body.</summary>
    private const int MaxHeaderValueChars = 4096;

    public bool CanRead(SniffResult type) => type.Kind == "eml";

    public async Task<DocumentContent> ReadAsync(Stream file, ReadContext context, CancellationToken ct)
    {
        var message = await LoadAsync(file, ct);
        var parts = MailParts.Split(message);
        var text = new StringBuilder();
        AppendHeaders(text, message);
        text.Append('\n').Append(Body(parts));
        if (text.Length > context.Limits.MaxTextChars)
            throw new DocumentReadException(DocumentErrorCodes.FileTooLarge,
                $"The e-mail holds more than {context.Limits.MaxTextChars} characters of text.");

        if (context.Children is not null && context.Depth < context.Limits.MaxNestingDepth)
            await MailAttachments.HandOverAsync(parts.Attachments, context.Limits, context.Children, ct);
        return PlainTextReader.FromText(text.ToString());
    }

    private static async Task<MimeMessage> LoadAsync(Stream file, CancellationToken ct)
    {
        var options = new ParserOptions { MaxMimeDepth = MailParts.MaxMimeDepth };
        try
        {
            // Persistent: parts keep offsets into the (seekable) file instead of copies of their content.
            return await MimeMessage.LoadAsync(options, file, persistent: file.CanSeek, ct);
        }
        catch (FormatException e)
        {
            throw new DocumentReadException(DocumentErrorCodes.CorruptFile, $"The e-mail could not be parsed: {e.Message}", e);
        }
    }

    private static void AppendHeaders(StringBuilder text, MimeMessage message)
    {
        AppendHeader(text, "From", Addresses(message.From));
        AppendHeader(text, "To", Addresses(message.To));
        AppendHeader(text, "Cc", Addresses(message.Cc));
        if (message.Headers.Contains(HeaderId.Date))
        {
            // An unparsable date stays as written rather than becoming year 1.
            AppendHeader(text, "Date", message.Date == DateTimeOffset.MinValue
                ? message.Headers[HeaderId.Date]
                : message.Date.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture));
        }
        AppendHeader(text, "Subject", message.Subject);
    }

    /// <summary>"Name <address>" as people write it: MimeKit's own formatting quotes names for the wire ("\"Alice Example\" <…>").</summary>
    private static string Addresses(InternetAddressList list) =>
        string.Join(", ", list.Select(a => a switch
        {
            MailboxAddress { Name.Length: > 0 } m => $"{m.Name} <{m.Address}>",
            MailboxAddress m => m.Address,
            GroupAddress g => $"{g.Name}: {Addresses(g.Members)};",
            _ => a.ToString(),
        }));

    private static void AppendHeader(StringBuilder text, string label, string? value)
    {
        var clean = OneLine(value);
        if (clean.Length == 0)
            return;
        if (clean.Length > MaxHeaderValueChars)
            clean = clean[..MaxHeaderValueChars] + "…";
        text.Append(label).Append(": ").Append(clean).Append('\n');
    }

    // Folded and encoded headers can carry line breaks and tabs; a header is one line of the document.
    private static string OneLine(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        var sb = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space)
                sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static string Body(MailParts parts)
    {
        var bodies = parts.PlainBodies.Count > 0
            ? parts.PlainBodies.Select(PlainText)
            : parts.HtmlBodies.Select(h => HtmlText.Convert(h.Text));
        var body = string.Join("\n\n", bodies.Select(b => b.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n')));
        return body.Length > 0 ? body + "\n" : "";
    }

    /// <summary>format=flowed text (RFC 3676) has soft line breaks that are not the writer's.</summary>
    private static string PlainText(TextPart part)
    {
        if (!part.IsFlowed)
            return part.Text;
        var delsp = part.ContentType.Parameters.TryGetValue("delsp", out string? value)
            && value.Equals("yes", StringComparison.OrdinalIgnoreCase);
        return new FlowedToText { DeleteSpace = delsp }.Convert(part.Text);
    }
}
