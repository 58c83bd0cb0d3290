using System.Globalization;
using MimeKit;

namespace Quarry.Core.Readers;

/// <summary>Names the attachments of an e-mail and hands them to the child sink, within the entry-count and size limits of containers.</summary>
internal static class MailAttachments
{
    /// <summary>A subject can be any length; as a file name a short one does.</summary>
    private const int MaxSubjectNameLength = 100;

    /// <summary>The file name an attachment gets: its own (only the last path segment), else an attached message's subject, else "attachment-N" with an extension for its type.</summary>
    public static string NameOf(MimeEntity entity, int number)
    {
        if (entity is MessagePart message)
        {
            var raw = message.ContentDisposition?.FileName ?? message.ContentType.Name;
            var subject = message.Message?.Subject;
            var name = raw is not null
                ? EntryNames.FileName(raw, "")
                // A subject is not a path: "Invoice 3/2024" keeps both halves.
                : EntryNames.FileName(Truncate(subject?.Replace('/', '-').Replace('\\', '-')), "");
            if (name.Length == 0)
                name = string.Create(CultureInfo.InvariantCulture, $"attachment-{number}");
            return name.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) ? name : name + ".eml";
        }
        var part = (MimePart)entity;
        var extension = MimeTypes.TryGetExtension(part.ContentType.MimeType, out var ext) ? ext : ".bin";
        return EntryNames.FileName(part.FileName, string.Create(CultureInfo.InvariantCulture, $"attachment-{number}{extension}"));
    }

    /// <summary>Hands every attachment to <paramref name="children"/>. Their decoded sizes add up against <see cref="ReaderLimits.MaxUncompressedBytes"/>.</summary>
    public static async Task HandOverAsync(IReadOnlyList<MimeEntity> attachments, ReaderLimits limits, IChildSink children, CancellationToken ct)
    {
        if (attachments.Count > limits.MaxArchiveEntries)
            throw new DocumentReadException(DocumentErrorCodes.ArchiveLimitExceeded,
                string.Create(CultureInfo.InvariantCulture,
                    $"The e-mail has {attachments.Count} attachments; the limit is {limits.MaxArchiveEntries}."));
        long total = 0;
        for (var i = 0; i < attachments.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var name = NameOf(attachments[i], i + 1);
            var overLimit = string.Create(CultureInfo.InvariantCulture,
                $"The attachments of the e-mail add up to more than {limits.MaxUncompressedBytes} bytes.");
            await using var content = new MemberStream(await OpenAsync(attachments[i], ct), name, limits.MaxUncompressedBytes - total, overLimit);
            await children.AddAsync(name, content, ct);
            await content.FinishAsync(ct);
            total += content.BytesRead;
        }
    }

    /// <summary>A part's decoded content (base64 and quoted-printable undone as it is read); an attached message as an .eml file.</summary>
    private static async Task<Stream> OpenAsync(MimeEntity entity, CancellationToken ct)
    {
        if (entity is MessagePart message)
        {
            var eml = new MemoryStream();
            if (message.Message is not null)
                await message.Message.WriteToAsync(eml, ct);
            eml.Position = 0;
            return eml;
        }
        return ((MimePart)entity).Content?.Open() ?? Stream.Null;
    }

    private static string? Truncate(string? s) => s is { Length: > MaxSubjectNameLength } ? s[..MaxSubjectNameLength] : s;
}
