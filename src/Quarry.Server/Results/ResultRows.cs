using System.Text.Json;
using System.Text.Json.Nodes;
using Quarry.Core.Schemas;
using Quarry.Data;

namespace Quarry.Server.Results;

/// <summary>A stored row and its cells as the seed's row object: the JSON results and the NDJSON export share it.</summary>
public static class ResultRows
{
    public static ResultRow From(RowRecord r, IReadOnlyList<FieldDefinition> fields, IEnumerable<CellRecord> cellRecords, bool withCells)
    {
        var byField = cellRecords.ToDictionary(c => c.Field, StringComparer.Ordinal);
        var values = new JsonObject();
        var cells = withCells ? new JsonObject() : null;
        foreach (var f in fields)
        {
            byField.TryGetValue(f.Name, out var c);
            values[f.Name] = c?.Value is null ? null : JsonNode.Parse(c.Value);
            if (cells is not null)
            {
                cells[f.Name] = c is null ? null : new JsonObject
                {
                    ["value"] = c.Value is null ? null : JsonNode.Parse(c.Value),
                    ["raw"] = c.Raw,
                    ["confidence"] = c.Confidence,
                    ["phase"] = c.Phase,
                    ["source"] = c.Source is null ? null : JsonNode.Parse(c.Source),
                    ["evidence"] = c.Evidence is null ? null : JsonNode.Parse(c.Evidence),
                };
            }
        }
        return new ResultRow(r.Id, r.DocumentId, r.Filename, r.Status, values, r.Confidence, Flags(r))
        {
            Cells = cells,
            Usage = withCells ? new Jobs.JobUsage(r.AgentInputTokens, r.AgentOutputTokens, r.AgentCalls) : null,
        };
    }

    public static IReadOnlyList<string> Flags(RowRecord r) => JsonSerializer.Deserialize<List<string>>(r.Flags) ?? [];
}
