using Quarry.Core.Readers;
using Quarry.Data;
using Quarry.Data.Blobs;
using Quarry.Data.Stores;
using Quarry.Server.Pipeline;

namespace Quarry.Server.Documents;

/// <summary>Turns stored blobs into documents waiting to be parsed: the type is sniffed from the bytes, the name is only a hint.</summary>
public sealed class DocumentIntake(IBlobStore blobs, DocumentStore documents, WorkSignal signal, TimeProvider time)
{
    public Task<DocumentRecord> AddAsync(Guid organizationId, UploadedFile file, string? metadataJson, CancellationToken ct) =>
        InsertAsync(organizationId, file, metadataJson, null, 0, null, ct);

    /// <summary>A member of a container document (ZIP entry, e-mail attachment); it inherits the parent's metadata.</summary>
    public Task<DocumentRecord> AddChildAsync(DocumentRecord parent, UploadedFile file, int index, CancellationToken ct) =>
        InsertAsync(parent.OrganizationId, file, parent.Metadata, parent.Id, parent.Depth + 1, index, ct);

    private async Task<DocumentRecord> InsertAsync(Guid organizationId, UploadedFile file, string? metadataJson, Guid? parentId,
        int depth, int? childIndex, CancellationToken ct)
    {
        var type = await SniffAsync(file.Blob.Sha256, file.Filename, ct);
        var now = Clock.Now(time);
        var record = new DocumentRecord
        {
            Id = Guid.NewGuid(),
            OrganizationId = organizationId,
            ParentId = parentId,
            Depth = depth,
            ChildIndex = childIndex,
            Filename = file.Filename,
            MimeType = type.MimeType,
            SizeBytes = file.Blob.Size,
            Sha256 = file.Blob.Sha256,
            Status = DocumentStatuses.Pending,
            Metadata = metadataJson,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await documents.InsertAsync(record, ct);
        signal.DocumentsQueued();
        return record;
    }

    private async Task<SniffResult> SniffAsync(string sha, string filename, CancellationToken ct)
    {
        await using var stream = await blobs.OpenReadAsync(sha, ct) ?? throw new InvalidOperationException($"Blob {sha} vanished.");
        var header = new byte[FileSniffer.HeaderLength];
        var n = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct);
        return FileSniffer.Sniff(header.AsSpan(0, n), filename);
    }
}
