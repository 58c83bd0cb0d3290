using System.Text.Json;
using System.Text.Json.Nodes;
using Quarry.Core.Extraction;
using Quarry.Core.Schemas;

namespace Quarry.Server.Review;

/// <summary>
/// A corrected value must already be the field's canonical typed value (the form results show): the server does not
/// guess what "1.234" or "03/04" meant. Type, format and enum are checked with phase 4's own rules; a range is not,
/// since a person may know better than the schema — the row keeps its out_of_range flag instead.
/// </summary>
public static class ReviewValues
{
    /// <summary>Null when <paramref name="value"/> fits the field; else the message naming the expected type.</summary>
    public static string? Check(FieldDefinition field, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
            return null;
        var node = JsonNode.Parse(value.GetRawText())!;
        var kinds = RowValidator.Check(field, node).ToList();
        if (kinds.Contains("type_mismatch") || kinds.Contains("format_mismatch"))
            return $"Expected {field.Type.Name()}: {Expected(field)}.";
        if (kinds.Contains("enum_mismatch"))
            return $"Expected enum: one of {string.Join(", ", field.Enum ?? [])}.";
        return null;
    }

    private static string Expected(FieldDefinition field) => field.Type switch
    {
        FieldType.Number or FieldType.CurrencyAmount or FieldType.Percentage => "a JSON number, e.g. 4250.00",
        FieldType.Integer => "a whole JSON number",
        FieldType.Boolean => "true or false",
        FieldType.Date => "a string YYYY-MM-DD",
        FieldType.DateTime => "an ISO 8601 date-time string, e.g. 2024-09-14T10:32:00Z",
        FieldType.Duration => "an ISO 8601 duration string, e.g. P2Y",
        FieldType.Array => "a JSON array",
        FieldType.CurrencyCode => "an ISO 4217 code string, e.g. EUR",
        FieldType.Email => "an e-mail address string",
        FieldType.Phone => "a phone number string",
        FieldType.Url => "an http(s) URL string",
        FieldType.Iban => "a valid IBAN string",
        _ when field.Pattern is not null => $"a string matching {field.Pattern}",
        _ => "a JSON string",
    };
}
