using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quarry.Client;

/// <summary>
/// What an <c>array</c> field holds: scalars of one <see cref="Type"/> (on the wire, the type's name) or objects with
/// <see cref="Fields"/> (on the wire, <c>{"fields": [...]}</c>), e.g. the line items of an invoice.
/// </summary>
[JsonConverter(typeof(SchemaItemsConverter))]
public sealed record SchemaItems(string? Type, IReadOnlyList<SchemaField>? Fields)
{
    public static SchemaItems OfType(string type) => new(type, null);

    public static SchemaItems Of(params SchemaField[] fields) => new(null, fields);
}

internal sealed class SchemaItemsConverter : JsonConverter<SchemaItems>
{
    public override SchemaItems? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
            return SchemaItems.OfType(reader.GetString()!);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new JsonException("items must be a type name or an object.");
        var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var fields = root.TryGetProperty("fields", out var f) ? f.Deserialize<List<SchemaField>>(options) : null;
        return new SchemaItems(type, fields);
    }

    public override void Write(Utf8JsonWriter writer, SchemaItems value, JsonSerializerOptions options)
    {
        if (value.Fields is null)
        {
            writer.WriteStringValue(value.Type);
            return;
        }
        writer.WriteStartObject();
        writer.WritePropertyName("fields");
        JsonSerializer.Serialize(writer, value.Fields, options);
        writer.WriteEndObject();
    }
}
