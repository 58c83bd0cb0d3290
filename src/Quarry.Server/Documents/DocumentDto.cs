using System.Text.Json;
using Quarry.Data;

namespace Quarry.Server.Documents;

public sealed record DocumentError(string Code, string Message);

public sealed record DocumentDto(
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
    IReadOnlyDictionary<string, string> Links)
{
    public static DocumentDto From(DocumentRecord d)
    {
        var self = $"/v1/documents/{d.Id:D}";
        var links = new Dictionary<string, string>
        {
            ["self"] = self,
            ["file"] = self + "/file",
            ["content"] = self + "/content",
        };
        if (d.ParentId is { } parent)
            links["parent"] = $"/v1/documents/{parent:D}";
        return new DocumentDto(d.Id, d.Filename, d.MimeType, d.SizeBytes, d.Sha256, d.Pages, d.Status,
            d.ErrorCode is null ? null : new DocumentError(d.ErrorCode, d.ErrorMessage ?? d.ErrorCode),
            d.ParentId, d.Metadata is null ? null : JsonDocument.Parse(d.Metadata).RootElement.Clone(), d.CreatedAt, links);
    }
}

public sealed record ListResponse<T>(IReadOnlyList<T> Data, Pagination Pagination);

public sealed record Pagination(long Total, int Limit, bool HasMore, string? NextCursor);

public sealed record DataResponse<T>(IReadOnlyList<T> Data);
