using System.Text.Json;

namespace Quarry.Client;

/// <summary>
/// The grid of a job (the seed's shape): <see cref="TotalRows"/> rows in all, <see cref="Data"/> on this page.
/// <see cref="Pagination"/> is set when the page was asked for with a limit.
/// </summary>
public sealed record ResultsPage(
    Guid JobId,
    string JobStatus,
    ResultsSchemaRef? Schema,
    long TotalRows,
    IReadOnlyList<ResultRow> Data,
    ResultsLinks Links,
    Pagination? Pagination);

public sealed record ResultsSchemaRef(Guid Id, string Name);

public sealed record ResultsLinks(string Self, string Job);

/// <summary>
/// One document's row. <see cref="Values"/> holds every schema field, typed JSON (<see cref="JsonValueKind.Null"/> when
/// not found); <see cref="Status"/> is one of <see cref="RowStatus"/>; <see cref="ValidationFlags"/> are
/// <c>kind:field</c> strings. <see cref="Cells"/> is set when asked for (<c>include=cells</c>).
/// </summary>
public sealed record ResultRow(
    Guid Id,
    Guid DocumentId,
    string Filename,
    string Status,
    IReadOnlyDictionary<string, JsonElement> Values,
    double? Confidence,
    IReadOnlyList<string> ValidationFlags,
    IReadOnlyDictionary<string, Cell?>? Cells = null)
{
    /// <summary>A value converted to <typeparamref name="T"/> (e.g. <c>decimal?</c>, <c>string</c>, <c>DateOnly?</c>); default when the field is empty or unknown.</summary>
    public T? Get<T>(string field) =>
        Values.TryGetValue(field, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? v.Deserialize<T>(QuarryJson.Options)
            : default;

    /// <summary>With <c>include=cells</c>: what phase 2's model calls for this document used.</summary>
    public JobUsage? Usage { get; init; }
}

/// <summary>One cell: the typed value, the text it was read from, its confidence, the phase (or <c>human</c>) that set it, and where it is in the document.</summary>
public sealed record Cell(JsonElement Value, string? Raw, double? Confidence, string? Phase, CellSource? Source, CellEvidence? Evidence);

/// <summary>
/// The page (1-based), the box <c>[x0, y0, x1, y1]</c> in page coordinates (origin top-left) and the text there.
/// <see cref="Kind"/> is set when the value did not come from reading the page alone (<c>registry</c>).
/// </summary>
public sealed record CellSource(int Page, IReadOnlyList<double> Bbox, string Text, string? Kind = null);

/// <summary>How phase 1 found the value (<c>label</c>, <c>label_below</c>, <c>pattern</c>, <c>layout</c>, <c>sentence</c>, <c>table</c>) and the raw score before calibration.</summary>
public sealed record CellEvidence(string Kind, double Score);

public static class RowStatus
{
    public const string Processing = "processing";
    public const string Approved = "approved";
    public const string Review = "review";
    public const string Rejected = "rejected";
    public const string Failed = "failed";
}

/// <summary>Which rows of <c>GET /v1/jobs/{id}/results</c>: a <see cref="Status"/> filter, cells or not, and a page.</summary>
public sealed record ResultsRequest(string? Status = null, bool IncludeCells = false, int? Limit = null, string? Cursor = null)
    : PageRequest(Limit, Cursor);

/// <summary>The file formats results export to. Exports are streamed and hold every matching row.</summary>
public enum ExportFormat
{
    /// <summary>RFC 4180, UTF-8, a header line; safe to open in a spreadsheet.</summary>
    Csv,

    /// <summary>One sheet, typed cells.</summary>
    Xlsx,

    /// <summary>One row object per line, as in the JSON results (cells with <c>includeCells</c>).</summary>
    Ndjson,
}
