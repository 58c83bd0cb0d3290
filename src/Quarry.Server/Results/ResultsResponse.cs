using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Quarry.Server.Documents;

namespace Quarry.Server.Results;

/// <summary>The seed's shape, key for key. <see cref="Pagination"/> appears only when the caller pages with <c>limit</c>.</summary>
public sealed record ResultsResponse(
    Guid JobId,
    string JobStatus,
    ResultsSchemaRef? Schema,
    long TotalRows,
    IReadOnlyList<ResultRow> Data,
    ResultsLinks Links)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Pagination? Pagination { get; init; }
}

public sealed record ResultsSchemaRef(Guid Id, string Name);

public sealed record ResultsLinks(string Self, string Job);

/// <summary>One row. <see cref="Cells"/> appears only with <c>include=cells</c>.</summary>
public sealed record ResultRow(
    Guid Id,
    Guid DocumentId,
    string Filename,
    string Status,
    JsonObject Values,
    double? Confidence,
    IReadOnlyList<string> ValidationFlags)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Cells { get; init; }

    /// <summary>With <c>include=cells</c>: what phase 2's model calls for this row used (the job's <c>usage</c>, per document).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Jobs.JobUsage? Usage { get; init; }

    /// <summary>Only on a <c>PATCH</c> with <c>propagate: "all_similar"</c>: how many other rows of the job were re-run.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? PropagatedRows { get; init; }
}
