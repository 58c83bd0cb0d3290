using Quarry.Core.Documents;
using Quarry.Core.Readers.Ocr;

namespace Quarry.Core.Readers;

/// <summary>Chooses the reader for a file by its sniffed type.</summary>
public sealed class DocumentReaders(IEnumerable<IDocumentReader> readers)
{
    private readonly IReadOnlyList<IDocumentReader> _readers = readers.ToList();

    /// <summary>Every reader Quarry has; <paramref name="ocr"/> reads scans and images when given.</summary>
    public static DocumentReaders Default() => new(
    [
        new PdfTextReader(),
        new ImageReader(),
        new HocrReader(),
        new PlainTextReader(),
        new DocxReader(),
        new XlsxReader(),
        new XlsReader(),
        new CsvReader(),
        new HtmlReader(),
        new JsonReader(),
        new XmlFileReader(),
        new ArchiveReader(),
        new GzipReader(),
        new EmailReader(),
    ]);

    /// <summary>Reads a file with the reader for its type. ZIP files are looked into first: DOCX and XLSX are ZIPs too.</summary>
    public async Task<DocumentContent> ReadAsync(Stream file, SniffResult type, ReadContext context, CancellationToken ct)
    {
        type = ContainerProbe.Refine(file, type);
        var reader = _readers.FirstOrDefault(r => r.CanRead(type))
            ?? throw new DocumentReadException(DocumentErrorCodes.UnsupportedFormat,
                $"Files of type {type.MimeType} are not supported.");
        return await reader.ReadAsync(file, context, ct);
    }
}
