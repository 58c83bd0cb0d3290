using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>Turns the bytes of one file into a <see cref="DocumentContent"/>. Readers throw <see cref="DocumentReadException"/> for files they cannot read.</summary>
public interface IDocumentReader
{
    bool CanRead(SniffResult type);

    /// <summary>Reads <paramref name="file"/> (seekable). Containers (ZIP, e-mail) hand their members to <see cref="ReadContext.Children"/>.</summary>
    Task<DocumentContent> ReadAsync(Stream file, ReadContext context, CancellationToken ct);
}

/// <summary>What a reader knows besides the bytes: the file's name, the limits, how deep in a container it sits, the OCR engine, and where children go.</summary>
public sealed record ReadContext(string FileName, ReaderLimits Limits, int Depth = 0, IChildSink? Children = null, IOcrEngine? Ocr = null)
{
    public static ReadContext For(string fileName) => new(fileName, new ReaderLimits());
}

/// <summary>Receives the members of a container (ZIP entries, e-mail attachments) as documents of their own.</summary>
public interface IChildSink
{
    /// <summary>Stores one member. <paramref name="name"/> is its path inside the container, already sanitized by the reader.</summary>
    Task AddAsync(string name, Stream content, CancellationToken ct);
}

/// <summary>Bounds that protect the service from huge or hostile files. Defaults are safe for one laptop.</summary>
public sealed record ReaderLimits(
    int MaxPages = 500,
    long MaxTextChars = 50_000_000,
    int MaxArchiveEntries = 1000,
    long MaxUncompressedBytes = 1L << 30,
    double MaxCompressionRatio = 100,
    int MaxNestingDepth = 2,
    long MaxImagePixels = 100_000_000);

/// <summary>Recognizes text in images. Pages come back with words in pixel coordinates of the image and confidences in 0–1.</summary>
public interface IOcrEngine
{
    /// <summary>OCRs every frame of an image file (TIFFs may hold several) at its own resolution.</summary>
    Task<IReadOnlyList<Page>> RecognizeAsync(string imagePath, CancellationToken ct);
}
