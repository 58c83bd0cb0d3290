using System.Text.Json;

namespace Quarry.Client;

/// <summary>An uploaded file. <see cref="Status"/>: <c>pending</c>, <c>processing</c>, <c>completed</c> or <c>error</c> (then <see cref="Error"/> says why).</summary>
public sealed record Document(
    Guid Id,
    string Filename,
    string MimeType,
    long SizeBytes,
    string Sha256,
    int? Pages,
    string Status,
    DocumentError? Error,
    Guid? ParentId,
    JsonElement? Metadata,
    DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, string> Links);

/// <summary>Why a document could not be parsed: <c>corrupt_file</c>, <c>encrypted_file</c>, <c>unsupported_format</c>, …</summary>
public sealed record DocumentError(string Code, string Message);

/// <summary>The statuses of a <see cref="Document"/>.</summary>
public static class DocumentStatus
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Completed = "completed";
    public const string Error = "error";
}

/// <summary>Filters of <c>GET /v1/documents</c>; all optional.</summary>
public sealed record DocumentListRequest(
    string? Status = null,
    DateTimeOffset? CreatedAfter = null,
    DateTimeOffset? CreatedBefore = null,
    string? Q = null,
    Guid? ParentId = null,
    int? Limit = null,
    string? Cursor = null) : PageRequest(Limit, Cursor);

/// <summary>
/// One page of a document: its size in the units of cells' <c>source.bbox</c> (<c>pt</c> for PDFs, <c>px</c> for images,
/// null for formats without page images) and, in <see cref="Links"/>, the <c>image</c> URL when it has one.
/// </summary>
public sealed record DocumentPage(int Number, double Width, double Height, int Rotation, string? Unit, IReadOnlyDictionary<string, string?> Links);
