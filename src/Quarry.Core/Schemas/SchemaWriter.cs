using System.Text.Json.Nodes;

namespace Quarry.Core.Schemas;

/// <summary>Writes fields back out: as the canonical field list (form 2, also how they are stored) and as JSON Schema.</summary>
public static class SchemaWriter
{
    public static JsonArray FieldList(IEnumerable<FieldDefinition> fields) =>
        new(fields.Select(f => (JsonNode)FieldObject(f)).ToArray());

    private static JsonObject FieldObject(FieldDefinition f)
    {
        var o = new JsonObject
        {
            ["name"] = f.Name,
            ["type"] = f.Type.Name(),
            ["required"] = f.Required,
        };
        if (f.Description is not null) o["description"] = f.Description;
        if (f.Aliases is { Count: > 0 }) o["aliases"] = Strings(f.Aliases);
        if (f.Format is not null) o["format"] = f.Format;
        if (f.Pattern is not null) o["pattern"] = f.Pattern;
        if (f.Enum is not null) o["enum"] = Strings(f.Enum);
        if (f.Min is not null) o["min"] = f.Min;
        if (f.Max is not null) o["max"] = f.Max;
        if (f.Items is { } items)
            o["items"] = items.Fields is not null ? new JsonObject { ["fields"] = FieldList(items.Fields) } : items.ScalarType!.Value.Name();
        return o;
    }

    public static JsonObject JsonSchema(SchemaDefinition schema)
    {
        var root = ObjectSchema(schema.Fields);
        root.Insert(0, "$schema", "https://json-schema.org/draft/2020-12/schema");
        root.Insert(1, "title", schema.Name);
        if (schema.Description is not null) root.Insert(2, "description", schema.Description);
        return root;
    }

    private static JsonObject ObjectSchema(IEnumerable<FieldDefinition> fields)
    {
        var list = fields.ToList();
        var props = new JsonObject();
        foreach (var f in list)
            props[f.Name] = PropertySchema(f);
        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = props,
            ["required"] = Strings(list.Where(f => f.Required).Select(f => f.Name)),
        };
    }

    private static JsonObject PropertySchema(FieldDefinition f)
    {
        var o = ScalarSchema(f.Type);
        if (f.Description is not null) o["description"] = f.Description;
        if (f.Pattern is not null) o["pattern"] = f.Pattern;
        if (f.Format is not null && !o.ContainsKey("format")) o["format"] = f.Format;
        if (f.Enum is not null) o["enum"] = Strings(f.Enum);
        // Without it the parser would read a string with values as an enum.
        if (f.Type == FieldType.String && f.Enum is not null) o["x-quarry-type"] = f.Type.Name();
        if (f.Aliases is { Count: > 0 }) o["x-aliases"] = Strings(f.Aliases);
        if (f.Type == FieldType.Array)
        {
            if (f.Min is not null) o["minItems"] = f.Min;
            if (f.Max is not null) o["maxItems"] = f.Max;
            if (f.Items is { } items)
                o["items"] = items.Fields is not null ? ObjectSchema(items.Fields) : ScalarSchema(items.ScalarType!.Value);
        }
        else
        {
            if (f.Min is not null) o["minimum"] = f.Min;
            if (f.Max is not null) o["maximum"] = f.Max;
        }
        return o;
    }

    /// <summary>The JSON Schema of a type; types JSON Schema has no word for carry <c>x-quarry-type</c> so the round trip is exact.</summary>
    private static JsonObject ScalarSchema(FieldType type) => type switch
    {
        FieldType.String => new() { ["type"] = "string" },
        FieldType.Number => new() { ["type"] = "number" },
        FieldType.Integer => new() { ["type"] = "integer" },
        FieldType.Boolean => new() { ["type"] = "boolean" },
        FieldType.Date => new() { ["type"] = "string", ["format"] = "date" },
        FieldType.DateTime => new() { ["type"] = "string", ["format"] = "date-time" },
        FieldType.Duration => new() { ["type"] = "string", ["format"] = "duration" },
        FieldType.Email => new() { ["type"] = "string", ["format"] = "email" },
        FieldType.Url => new() { ["type"] = "string", ["format"] = "uri" },
        FieldType.Enum => new() { ["type"] = "string" },
        FieldType.Array => new() { ["type"] = "array" },
        FieldType.CurrencyAmount or FieldType.Percentage => new() { ["type"] = "number", ["x-quarry-type"] = type.Name() },
                _ => new() { ["type"] = "string", ["x-quarry-type"] = type.Name() },
    };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
