namespace Quarry.Core.Schemas;

/// <summary>A schema as Quarry works with it: a name and an ordered list of fields, whichever of the three input forms it came from.</summary>
public sealed record SchemaDefinition(string Name, string? Description, IReadOnlyList<FieldDefinition> Fields);

public sealed record FieldDefinition(
    string Name,
    FieldType Type,
    bool Required = false,
    string? Description = null,
    IReadOnlyList<string>? Aliases = null,
    string? Format = null,
    string? Pattern = null,
    IReadOnlyList<string>? Enum = null,
    decimal? Min = null,
    decimal? Max = null,
    ArrayItems? Items = null)
{
    public IReadOnlyList<string> AliasList => Aliases ?? [];
}

/// <summary>What an array holds: scalars of one type, or objects with their own fields (line items).</summary>
public sealed record ArrayItems(FieldType? ScalarType, IReadOnlyList<FieldDefinition>? Fields);
