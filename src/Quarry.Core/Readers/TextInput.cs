using System.Globalization;
using System.Text;

namespace Quarry.Core.Readers;

/// <summary>Reads a text file (CSV, JSON, XML, HTML) whole, bounded by <see cref="ReaderLimits.MaxTextChars"/>, and decodes it.</summary>
public static class TextInput
{
    /// <summary>
    /// The file's bytes. A character takes at most four bytes in any encoding we decode, so a file over four bytes
    /// per allowed character is too large before it is decoded; the decoded text is checked again by its length.
    /// </summary>
    public static async Task<byte[]> ReadBytesAsync(Stream file, ReaderLimits limits, string what, CancellationToken ct)
    {
        var max = limits.MaxTextChars > long.MaxValue / 4 ? long.MaxValue : limits.MaxTextChars * 4;
        if (file.CanSeek && file.Length - file.Position > max)
            throw TooLarge(limits, what);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
                throw TooLarge(limits, what);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>Reads and decodes the whole file: see <see cref="Decode"/>.</summary>
    public static async Task<string> ReadTextAsync(Stream file, ReaderLimits limits, string what, CancellationToken ct)
    {
        var text = Decode(await ReadBytesAsync(file, limits, what, ct));
        if (text.Length > limits.MaxTextChars)
            throw TooLarge(limits, what);
        return text;
    }

    /// <summary>
    /// A byte order mark names the encoding (UTF-8, UTF-16 LE/BE); without one, valid UTF-8 is UTF-8 and anything
    /// else is taken as Windows-1252, the encoding of most "ANSI" exports (Excel's CSV among them).
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
            return Encoding.UTF8.GetString(bytes[3..]);
        if (bytes.StartsWith(new byte[] { 0xFF, 0xFE }))
            return Encoding.Unicode.GetString(bytes[2..]);
        if (bytes.StartsWith(new byte[] { 0xFE, 0xFF }))
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        if (System.Text.Unicode.Utf8.IsValid(bytes))
            return Encoding.UTF8.GetString(bytes);
        return LegacyEncodings.Windows1252.GetString(bytes);
    }

    public static DocumentReadException TooLarge(ReaderLimits limits, string what) =>
        new(DocumentErrorCodes.FileTooLarge,
            string.Create(CultureInfo.InvariantCulture, $"The {what} holds more than {limits.MaxTextChars} characters of text."));
}
