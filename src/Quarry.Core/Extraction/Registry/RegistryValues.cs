using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quarry.Core.Schemas;
using Quarry.Core.Values;

namespace Quarry.Core.Extraction.Registry;

/// <summary>Reading a span of words as a field's value, and comparing values as a person would (1,234.50 is 1234.5; case and punctuation aside, names are names).</summary>
public static class RegistryValues
{
    public static bool IsTyped(FieldType type) =>
        type.IsNumeric() || type is FieldType.Date or FieldType.DateTime or FieldType.Duration;

    /// <summary>The canonical value of a span of text for the field, or null when it cannot be one.</summary>
    public static JsonNode? Read(FieldDefinition field, string text, DateOrder order)
    {
        if (IsTyped(field.Type) && !text.Any(char.IsDigit))
            return null;
        var (value, issue) = NormalizePhase.Normalize(field, text, order);
        return issue == CellIssues.TypeMismatch ? null : value;
    }

    public static bool Same(FieldDefinition field, JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
            return a is null && b is null;
        if (field.Type.IsNumeric())
            return Number(a) is { } x && Number(b) is { } y && x == y;
        return RegistryText.Norm(Text(a)) == RegistryText.Norm(Text(b));
    }

    public static string Text(JsonNode v) => v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();

    private static decimal? Number(JsonNode v)
    {
        var text = Text(v);
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }
}
