using System.Text.Json.Nodes;
using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction.Registry;

/// <summary>
/// Registry transfer in phase 1: the registry's cell for a field against the generic extractor's. Both confidences are
/// probabilities of being right (the registry's measured, the extractor's calibrated), so the surer one wins; an empty
/// generic cell always yields to a registry value.
/// </summary>
public static class RegistryTransfer
{
    public static Cell Choose(RegistryView? registry, FieldDefinition field, Cell generic)
    {
        if (registry?.Fill(field) is not { } learned)
            return generic;
        if (generic.IsFilled && field.Type == FieldType.Array && generic.Value is JsonArray mine && learned.Value is JsonArray theirs)
            return Merge(generic, mine, theirs);
        return !generic.IsFilled || learned.Confidence >= generic.Confidence ? learned : generic;
    }

    /// <summary>
    /// Items are right or wrong one by one: the registry's items the generic cell lacks are added to it (a name that
    /// contains or is contained in one it has is the same party printed twice).
    /// </summary>
    private static Cell Merge(Cell generic, JsonArray mine, JsonArray theirs)
    {
        var have = mine.Where(v => v is not null).Select(v => RegistryText.Norm(RegistryValues.Text(v!))).ToList();
        var added = theirs.Where(v => v is not null).Select(v => RegistryValues.Text(v!))
            .Where(t => RegistryText.Norm(t) is var n && !have.Any(h => h.Contains(n, StringComparison.Ordinal) || n.Contains(h, StringComparison.Ordinal)))
            .ToList();
        if (added.Count == 0)
            return generic;
        var value = new JsonArray([.. mine.Select(v => v?.DeepClone()), .. added.Select(t => (JsonNode)JsonValue.Create(t)!)]);
        return generic with { Value = value, Raw = string.Join("; ", value.Select(v => RegistryValues.Text(v!))) };
    }
}
