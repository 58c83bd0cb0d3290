using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>Chooses the reader for a file by its sniffed type.</summary>
public sealed class DocumentReaders(IEnumerable<IDocumentReader> readers)
{
    private readonly IReadOnlyList<IDocumentReader> _readers = readers.ToList();

    public static DocumentReaders Default() => new([new PdfTextReader(), new PlainTextReader()]);

    public async Task<DocumentContent> ReadAsync(Stream file, SniffResult type, ReaderLimits limits, CancellationToken ct)
    {
        var reader = _readers.FirstOrDefault(r => r.CanRead(type))
            ?? throw new DocumentReadException(DocumentErrorCodes.UnsupportedFormat,
                $"Files of type {type.MimeType} are not supported.");
        return await reader.ReadAsync(file, limits, ct);
    }
}
