namespace Quarry.Core.Schemas;

/// <summary>The types a schema field can have. Their wire names are the snake_case names in <see cref="FieldTypes"/>.</summary>
public enum FieldType
{
    String,
    Number,
    Integer,
    Boolean,
    Date,
    DateTime,
    Duration,
    CurrencyAmount,
    CurrencyCode,
    Email,
    Phone,
    Url,
    Iban,
    Percentage,
    Enum,
    Array,
}

public static class FieldTypes
{
    private static readonly Dictionary<string, FieldType> ByName = new(StringComparer.Ordinal)
    {
        ["string"] = FieldType.String,
        ["number"] = FieldType.Number,
        ["integer"] = FieldType.Integer,
        ["boolean"] = FieldType.Boolean,
        ["date"] = FieldType.Date,
        ["datetime"] = FieldType.DateTime,
        ["duration"] = FieldType.Duration,
        ["currency_amount"] = FieldType.CurrencyAmount,
        ["currency_code"] = FieldType.CurrencyCode,
        ["email"] = FieldType.Email,
        ["phone"] = FieldType.Phone,
        ["url"] = FieldType.Url,
        ["iban"] = FieldType.Iban,
        ["percentage"] = FieldType.Percentage,
        ["enum"] = FieldType.Enum,
        ["array"] = FieldType.Array,
    };

    private static readonly Dictionary<FieldType, string> ToName = ByName.ToDictionary(kv => kv.Value, kv => kv.Key);

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryParse(string? name, out FieldType type) => ByName.TryGetValue(name ?? "", out type);

    public static string Name(this FieldType type) => ToName[type];

    public static bool IsNumeric(this FieldType type) =>
        type is FieldType.Number or FieldType.Integer or FieldType.CurrencyAmount or FieldType.Percentage;
}
