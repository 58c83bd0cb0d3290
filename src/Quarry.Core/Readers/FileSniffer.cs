using System.Text;

namespace Quarry.Core.Readers;

/// <summary>The type of a file as its bytes say. The file name's extension is only a hint, used to tell apart text formats.</summary>
public sealed record SniffResult(string MimeType, string Kind);

public static class FileSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> looks at.</summary>
    public const int HeaderLength = 8192;

    private static readonly (byte[] Magic, int Offset, string Mime, string Kind)[] Signatures =
    [
        ("%PDF-"u8.ToArray(), 0, "application/pdf", "pdf"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], 0, "image/png", "image"),
        ([0xFF, 0xD8, 0xFF], 0, "image/jpeg", "image"),
        ("GIF87a"u8.ToArray(), 0, "image/gif", "image"),
        ("GIF89a"u8.ToArray(), 0, "image/gif", "image"),
        ([0x49, 0x49, 0x2A, 0x00], 0, "image/tiff", "image"),
        ([0x4D, 0x4D, 0x00, 0x2A], 0, "image/tiff", "image"),
        ("BM"u8.ToArray(), 0, "image/bmp", "image"),
        ("WEBP"u8.ToArray(), 8, "image/webp", "image"),
        ([0x50, 0x4B, 0x03, 0x04], 0, "application/zip", "zip"),
        ([0x50, 0x4B, 0x05, 0x06], 0, "application/zip", "zip"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], 0, "application/x-ole-storage", "ole"),
        ([0x1F, 0x8B], 0, "application/gzip", "gzip"),
    ];

    public static SniffResult Sniff(ReadOnlySpan<byte> header, string? fileName)
    {
        foreach (var (magic, offset, mime, kind) in Signatures)
        {
            if (header.Length >= offset + magic.Length && header.Slice(offset, magic.Length).SequenceEqual(magic))
            {
                // Text can begin with "BM" too (BMW…); a real bitmap header holds NUL bytes in its size and reserved fields.
                if (mime == "image/bmp" && header.IndexOf((byte)0) < 0)
                    continue;
                return new SniffResult(mime, kind);
            }
        }

        // A PDF may carry junk before its header; readers accept it within the first KiB.
        if (header[..Math.Min(header.Length, 1024)].IndexOf("%PDF-"u8) >= 0)
            return new SniffResult("application/pdf", "pdf");

        if (LooksLikeText(header))
            return SniffText(header, Path.GetExtension(fileName ?? "").ToLowerInvariant());

        return new SniffResult("application/octet-stream", "binary");
    }

    /// <summary>Text formats by their content first (markup, e-mail headers, JSON), by the extension hint second.</summary>
    private static SniffResult SniffText(ReadOnlySpan<byte> header, string ext)
    {
        var start = Encoding.UTF8.GetString(header[..Math.Min(header.Length, 2048)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (start.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<", StringComparison.Ordinal) && ext is ".html" or ".htm" or ".xhtml" or ".hocr" or ".xml")
        {
            var text = Encoding.UTF8.GetString(header);
            if (text.Contains("ocr_page", StringComparison.Ordinal))
                return new SniffResult("text/vnd.hocr+html", "hocr");
            if (text.Contains("<html", StringComparison.OrdinalIgnoreCase) || text.Contains("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase))
                return new SniffResult("text/html", "html");
            return new SniffResult("application/xml", "xml");
        }
        if (LooksLikeEmail(start))
            return new SniffResult("message/rfc822", "eml");
        if ((start.StartsWith('{') || start.StartsWith('[')) && ext is ".json" or ".geojson" or ".jsonl" or "" or ".txt")
            return new SniffResult("application/json", "json");
        return ext switch
        {
            ".md" or ".markdown" => new SniffResult("text/markdown", "text"),
            ".csv" => new SniffResult("text/csv", "csv"),
            ".tsv" or ".tab" => new SniffResult("text/tab-separated-values", "csv"),
            ".eml" => new SniffResult("message/rfc822", "eml"),
            _ => new SniffResult("text/plain", "text"),
        };
    }

    /// <summary>An RFC 5322 message starts with header fields, among them at least two that every mail carries.</summary>
    private static bool LooksLikeEmail(string start)
    {
        var lines = start.Split('\n', 40);
        var names = lines.TakeWhile(l => l.TrimEnd('\r').Length > 0)
            .Where(l => !char.IsWhiteSpace(l[0]) && l.Contains(':', StringComparison.Ordinal))
            .Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)].ToLowerInvariant())
            .ToHashSet();
        string[] mailHeaders = ["from", "to", "subject", "date", "message-id", "mime-version", "received", "return-path"];
        return names.Count(mailHeaders.Contains) >= 2 && lines.Length > 0 && lines[0].Contains(':', StringComparison.Ordinal);
    }

    /// <summary>Text when the header holds no NUL byte and is valid UTF-8 (a multi-byte sequence cut at the end is allowed) or BOM-marked UTF-16.</summary>
    internal static bool LooksLikeText(ReadOnlySpan<byte> header)
    {
        if (header.Length == 0)
            return false;
        if (header.StartsWith(new byte[] { 0xFF, 0xFE }) || header.StartsWith(new byte[] { 0xFE, 0xFF }))
            return true;
        if (header.IndexOf((byte)0) >= 0)
            return false;
        var cut = header.Length;
        // Back off an incomplete UTF-8 sequence at the end of the sniffed window.
        for (var i = 1; i <= 3 && cut - i >= 0; i++)
        {
            var b = header[cut - i];
            if ((b & 0xC0) == 0xC0) { cut -= i; break; }
            if ((b & 0x80) == 0) break;
        }
        return System.Text.Unicode.Utf8.IsValid(header[..cut]) || IsMostlyLatin1Text(header);
    }

    private static bool IsMostlyLatin1Text(ReadOnlySpan<byte> header)
    {
        var control = 0;
        foreach (var b in header)
        {
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D or 0x0C))
                control++;
        }
        return control * 100 < header.Length;
    }
}
