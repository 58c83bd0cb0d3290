using System.Text.Json;
using System.Text.Json.Nodes;
using Quarry.Core.Documents;
using Quarry.Core.Extraction;

namespace Quarry.Data;

/// <summary>A stored cell and the engine's cell, both ways (sources and evidence in the content's JSON form).</summary>
public static class CellMapping
{
    public static Cell ToCell(CellRecord c) => new(
        c.Value is null ? null : JsonNode.Parse(c.Value), c.Raw, c.Confidence, c.Phase,
        c.Source is null ? null : JsonSerializer.Deserialize<CellSource>(c.Source, ContentJson.Options), c.Issue,
        c.Evidence is null ? null : JsonSerializer.Deserialize<Evidence>(c.Evidence, ContentJson.Options));

    public static CellRecord ToRecord(string field, Cell c) => new()
    {
        Field = field,
        Value = c.Value?.ToJsonString(),
        Raw = c.Raw,
        Confidence = c.Confidence,
        Phase = c.Phase,
        Source = c.Source is null ? null : JsonSerializer.Serialize(c.Source, ContentJson.Options),
        Issue = c.Issue,
        Evidence = c.Evidence is null ? null : JsonSerializer.Serialize(c.Evidence, ContentJson.Options),
    };
}
