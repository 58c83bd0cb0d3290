using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction.Registry;

/// <summary>
/// Registry transfer in phase 1: the registry's cell for a field against the generic extractor's. Both confidences are
/// probabilities of being right (the registry's measured, the extractor's calibrated), so the surer one wins; an empty
/// generic cell always yields to a registry value. Where the registry finds a confirmed value printed on the very words
/// the extractor read, it is the same print read two ways, and the confirmed reading wins.
/// </summary>
public static class RegistryTransfer
{
    public static Cell Choose(RegistryView? registry, FieldDefinition field, Cell generic)
    {
        if (registry is null)
            return generic;
        if (generic.IsFilled && registry.Reread(field, generic) is { } confirmed)
            return confirmed;
        if (registry.Fill(field) is not { } learned)
            return generic;
        return !generic.IsFilled || learned.Confidence >= generic.Confidence ? learned : generic;
    }
}
