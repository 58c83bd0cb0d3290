using System.Text.Json;
using System.Text.Json.Nodes;
using Quarry.Core.Schemas;
using Quarry.Data;

namespace Quarry.Server.Schemas;

public sealed record SchemaDto(
    Guid Id,
    string Name,
    string? Description,
    int Version,
    JsonNode Fields,
    JsonNode JsonSchema,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, string> Links)
{
    public static SchemaDto From(SchemaRecord s)
    {
        var fields = s.FieldDefinitions();
        var definition = new SchemaDefinition(s.Name, s.Description, fields);
        return new SchemaDto(s.Id, s.Name, s.Description, s.Version, SchemaWriter.FieldList(fields), SchemaWriter.JsonSchema(definition),
            s.CreatedAt, s.UpdatedAt, new Dictionary<string, string> { ["self"] = $"/v1/schemas/{s.Id:D}" });
    }
}
