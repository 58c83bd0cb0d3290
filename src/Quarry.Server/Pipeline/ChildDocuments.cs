using Quarry.Core.Readers;
using Quarry.Data;
using Quarry.Data.Blobs;
using Quarry.Data.Stores;
using Quarry.Server.Documents;

namespace Quarry.Server.Pipeline;

/// <summary>
/// Where a container's members go: each becomes a pending document of the same organization with
/// <c>parent_id</c> set, one level deeper. Members are numbered in the order the reader hands them over, so a
/// parse that is retried after a crash adds each member once.
/// </summary>
public sealed class ChildDocuments(DocumentRecord parent, DocumentIntake intake, IBlobStore blobs, long maxFileBytes) : IChildSink
{
    private int _next;

    public int Count => _next;

    public async Task AddAsync(string name, Stream content, CancellationToken ct)
    {
        var index = _next++;
        BlobRef blob;
        try
        {
            blob = await blobs.PutAsync(content, maxFileBytes, ct);
        }
        catch (BlobTooLargeException)
        {
            throw new DocumentReadException(DocumentErrorCodes.ArchiveLimitExceeded,
                $"The member '{name}' is larger than the limit of {maxFileBytes} bytes per file.");
        }
        await intake.AddChildAsync(parent, new UploadedFile(Filenames.Clean(name), blob, null), index, ct);
    }
}
