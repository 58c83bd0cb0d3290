using System.Globalization;
using System.IO.Compression;
using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>
/// ZIP archives. Each file entry goes to <see cref="ReadContext.Children"/> and becomes a document of its own, one
/// level deeper; the archive's own content is the listing of its entries. The limits are checked on the central
/// directory before anything is unpacked (<see cref="ZipGuard"/>), and every entry is read through a stream bounded
/// by its declared size and checked against its CRC-32.
/// </summary>
public sealed class ArchiveReader : IDocumentReader
{
    public bool CanRead(SniffResult type) => type.Kind == "zip";

    public async Task<DocumentContent> ReadAsync(Stream file, ReadContext context, CancellationToken ct)
    {
        var limits = context.Limits;
        // Checked first: a ZIP this deep must not unpack anything, however small.
        if (context.Depth >= limits.MaxNestingDepth)
            throw new DocumentReadException(DocumentErrorCodes.ArchiveLimitExceeded,
                string.Create(CultureInfo.InvariantCulture,
                    $"The ZIP archive sits {context.Depth} levels deep inside other containers; the nesting depth limit is {limits.MaxNestingDepth}, so it is not unpacked."));

        using var zip = ZipGuard.Open(file, limits, "ZIP archive");
        var entries = zip.Entries.Where(IsMemberFile).ToList();

        // .NET cannot decrypt (neither ZipCrypto nor AES), and an archive unpacked only in part would look complete:
        // the whole archive is refused before any member is handed over.
        var encrypted = entries.FirstOrDefault(e => e.IsEncrypted);
        if (encrypted is not null)
            throw new DocumentReadException(DocumentErrorCodes.EncryptedFile,
                $"The ZIP archive is password-protected (entry '{EntryNames.Sanitize(encrypted.FullName, "?")}' is encrypted); upload it unencrypted.");

        var listed = new List<ListedMember>(entries.Count);
        foreach (var entry in entries)
        {
            ct.ThrowIfCancellationRequested();
            var name = EntryNames.Sanitize(entry.FullName, $"entry-{listed.Count + 1}");
            if (context.Children is not null)
                await HandOverAsync(entry, name, limits, context.Children, ct);
            listed.Add(new ListedMember(name, entry.Length));
        }
        return MemberListing.Render(listed);
    }

    private static async Task HandOverAsync(ZipArchiveEntry entry, string name, ReaderLimits limits, IChildSink children, CancellationToken ct)
    {
        // ZipGuard bounds the entry by its declared size; the CRC catches what .NET lets through silently: a deflated
        // entry whose header understates its size is cut at that size without an error.
        await using var content = new MemberStream(ZipGuard.OpenEntry(entry, limits.MaxUncompressedBytes), name,
            expectedCrc: entry.Crc32);
        await children.AddAsync(name, content, ct);
        await content.FinishAsync(ct);
    }

    /// <summary>Files only: no directories, and none of the resource forks and folder metadata macOS adds to the ZIPs it makes.</summary>
    private static bool IsMemberFile(ZipArchiveEntry entry)
    {
        var path = entry.FullName.Replace('\\', '/');
        if (path.Length == 0 || path.EndsWith('/'))
            return false;
        if (path.StartsWith("__MACOSX/", StringComparison.Ordinal))
            return false;
        var file = path[(path.LastIndexOf('/') + 1)..];
        return !file.StartsWith("._", StringComparison.Ordinal) && file != ".DS_Store";
    }
}
