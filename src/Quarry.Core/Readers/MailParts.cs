using MimeKit;
using MimeKit.Cryptography;

namespace Quarry.Core.Readers;

/// <summary>
/// The parts of a message sorted for reading: the text parts that make its body (unnamed, not marked as
/// attachments) and everything else as attachments. Attached messages (message/rfc822) are not looked into:
/// they are attachments whole and are read later as e-mails of their own.
/// </summary>
internal sealed class MailParts
{
    /// <summary>Deeper MIME nesting than this is hostile, never real mail; MimeKit stops recursing there and hands back the rest as one leaf.</summary>
    public const int MaxMimeDepth = 32;

    public List<TextPart> PlainBodies { get; } = [];
    public List<TextPart> HtmlBodies { get; } = [];
    public List<MimeEntity> Attachments { get; } = [];

    public static MailParts Split(MimeMessage message)
    {
        if (IsEncrypted(message.Body))
            throw new DocumentReadException(DocumentErrorCodes.EncryptedFile,
                "The e-mail is encrypted (S/MIME or PGP) and cannot be read without the recipient's key.");
        var parts = new MailParts();
        if (message.Body is not null)
            parts.Walk(message.Body, 0);
        return parts;
    }

    private void Walk(MimeEntity entity, int depth)
    {
        // The parser bounds the depth already; counting here too keeps the recursion safe whatever it hands back.
        if (depth > MaxMimeDepth || entity is MimePart { ContentType.MediaType: var media } && media.Equals("multipart", StringComparison.OrdinalIgnoreCase))
            throw new DocumentReadException(DocumentErrorCodes.ArchiveLimitExceeded,
                $"The e-mail nests its MIME parts more than {MaxMimeDepth} levels deep.");
        switch (entity)
        {
            case Multipart multipart:
                foreach (var child in multipart)
                    Walk(child, depth + 1);
                break;
            case MessagePart:
                Attachments.Add(entity);
                break;
            // Signatures of multipart/signed say nothing to a reader of the content.
            case ApplicationPkcs7Signature or ApplicationPgpSignature:
                break;
            case TextPart text when !text.IsAttachment && text.FileName is null && text.IsPlain:
                PlainBodies.Add(text);
                break;
            case TextPart text when !text.IsAttachment && text.FileName is null && text.IsHtml:
                HtmlBodies.Add(text);
                break;
            case MimePart:
                Attachments.Add(entity);
                break;
        }
    }

    private static bool IsEncrypted(MimeEntity? body) => body switch
    {
        MultipartEncrypted => true,
        ApplicationPkcs7Mime p => p.SecureMimeType is SecureMimeType.EnvelopedData or SecureMimeType.AuthEnvelopedData,
        _ => false,
    };
}
