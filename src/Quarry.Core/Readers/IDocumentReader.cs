using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>Turns the bytes of one file into a <see cref="DocumentContent"/>. Readers throw <see cref="DocumentReadException"/> for files they cannot read.</summary>
public interface IDocumentReader
{
    bool CanRead(SniffResult type);

    Task<DocumentContent> ReadAsync(Stream file, ReaderLimits limits, CancellationToken ct);
}

/// <summary>Bounds that protect the service from huge or hostile files.</summary>
public sealed record ReaderLimits(int MaxPages = 2000, long MaxTextChars = 50_000_000);
