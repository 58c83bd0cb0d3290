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
        return !generic.IsFilled || learned.Confidence >= generic.Confidence ? learned : generic;
    }
}
