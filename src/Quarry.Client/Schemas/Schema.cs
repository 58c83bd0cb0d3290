using System.Text.Json.Nodes;

namespace Quarry.Client;

/// <summary>
/// A schema: the columns of the grid. <see cref="Version"/> grows with every update; jobs keep the version they started
/// with. <see cref="JsonSchema"/> is the same fields as a JSON Schema document.
/// </summary>
public sealed record Schema(
    Guid Id,
    string Name,
    string? Description,
    int Version,
    IReadOnlyList<SchemaField> Fields,
    JsonObject JsonSchema,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, string> Links);

/// <summary>
/// One field (column). <see cref="Type"/> is one of <see cref="FieldTypes"/>; <see cref="Items"/> is for <c>array</c>
/// fields (line items are arrays of objects: <c>SchemaItems.Of(fields)</c>).
/// </summary>
public sealed record SchemaField(
    string Name,
    string Type,
    bool Required = false,
    string? Description = null,
    IReadOnlyList<string>? Aliases = null,
    string? Format = null,
    string? Pattern = null,
    IReadOnlyList<string>? Enum = null,
    double? Min = null,
    double? Max = null,
    SchemaItems? Items = null);

/// <summary>The body of a new schema (or of a new version) in the field-list form.</summary>
public sealed record NewSchema(string Name, IReadOnlyList<SchemaField> Fields, string? Description = null);

/// <summary>The field types the API knows.</summary>
public static class FieldTypes
{
    public const string String = "string";
    public const string Number = "number";
    public const string Integer = "integer";
    public const string Boolean = "boolean";
    public const string Date = "date";
    public const string DateTime = "datetime";
    public const string Duration = "duration";
    public const string CurrencyAmount = "currency_amount";
    public const string CurrencyCode = "currency_code";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Url = "url";
    public const string Iban = "iban";
    public const string Percentage = "percentage";
    public const string Enum = "enum";
    public const string Array = "array";
}
