using System.IO.Compression;
using System.Xml;

namespace Quarry.Core.Readers;

/// <summary>
/// Checks a DOCX or XLSX before the OpenXML SDK opens it, since the SDK unpacks parts without our limits: the ZIP
/// must pass <see cref="ZipGuard"/> (entry count, sizes, ratio), every entry must unpack within the size it declares,
/// and every XML part must be well-formed without a DTD. A bomb or a billion-laughs part fails here, quickly.
/// </summary>
public static class OoxmlGuard
{
    public static void Check(Stream file, ReaderLimits limits, string what, CancellationToken ct)
    {
        var start = file.Position;
        using (var zip = Open(file, limits, what))
        {
            foreach (var entry in zip.Entries)
            {
                ct.ThrowIfCancellationRequested();
                if (entry.FullName.EndsWith('/'))
                    continue;
                try
                {
                    using var content = ZipGuard.OpenEntry(entry, limits.MaxUncompressedBytes);
                    if (IsXml(entry.FullName))
                        ReadXml(content, $"{what} part '{entry.FullName}'");
                    else
                        content.CopyTo(Stream.Null);
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    throw new DocumentReadException(DocumentErrorCodes.CorruptFile,
                        $"The {what} entry '{entry.FullName}' cannot be unpacked: {e.Message}", e);
                }
            }
        }
        file.Position = start;
    }

    /// <summary>
    /// <see cref="ZipGuard.Open"/>, and a damaged central directory as corrupt_file: ZipArchive reads the directory
    /// lazily, so ZipGuard's entry checks can meet an <see cref="InvalidDataException"/> that its own catch does not cover.
    /// </summary>
    private static ZipArchive Open(Stream file, ReaderLimits limits, string what)
    {
        try
        {
            return ZipGuard.Open(file, limits, what);
        }
        catch (InvalidDataException e)
        {
            throw new DocumentReadException(DocumentErrorCodes.CorruptFile, $"The {what} is not a readable ZIP container: {e.Message}", e);
        }
    }

    // VML drawings are left out: Office writes them as loose HTML-like markup that is not always well-formed.
    private static bool IsXml(string name) =>
        name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase);

    private static void ReadXml(Stream content, string what)
    {
        try
        {
            using var reader = XmlReader.Create(content, XmlSafety.Settings());
            while (reader.Read())
            {
                // Reading is the check: well-formed, no DTD, no more bytes than declared.
            }
        }
        catch (XmlException e)
        {
            throw XmlSafety.Failure(e, what);
        }
    }
}
