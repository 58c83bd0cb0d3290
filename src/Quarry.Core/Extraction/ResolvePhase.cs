using Quarry.Core.Extraction.Calibration;
using Quarry.Core.Extraction.LineItems;
using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction;

/// <summary>
/// Phase 1: deterministic extraction from the document's layout; each found value's evidence is turned into a
/// calibrated confidence. Cells a person set are never touched.
/// </summary>
public sealed class ResolvePhase(LabelValueExtractor extractor, ConfidenceCalibration calibration) : IPhase
{
    public string Name => PhaseNames.Resolve;

    public Task<PhaseOutcome> RunAsync(RowWork row, CancellationToken ct)
    {
        var fingerprint = Registry.LayoutFingerprint.Of(row.Content);
        row.LayoutKeys = fingerprint.Keys;
        var registry = row.Registry is { IsEmpty: false } r ? r.Prepare(row.Content, fingerprint) : null;
        foreach (var field in row.Fields)
        {
            ct.ThrowIfCancellationRequested();
            if (row.Cells.TryGetValue(field.Name, out var existing) && existing.Phase == PhaseNames.Human)
                continue;
            var cell = field.Type == FieldType.Array
                ? ExtractArray(field, row.Content)
                : extractor.Extract(field, row.Content) ?? Cell.Empty(Name);
            if (cell.Evidence is { } evidence)
                cell = cell with { Confidence = calibration.Confidence(evidence, CalibrationKey.GroupOf(field)) };
            row.Cells[field.Name] = Registry.RegistryTransfer.Choose(registry, field, cell);
        }
        return Task.FromResult(PhaseOutcome.Completed);
    }

    /// <summary>Arrays: objects are line items read from a table; of scalars, the parties of an agreement.</summary>
    private Cell ExtractArray(FieldDefinition field, Documents.DocumentContent content) =>
        (field.Items?.Fields is not null ? LineItemsExtractor.Extract(field, content)
            : FieldSemantics.Of(field) == FieldIntent.Parties ? PartiesHeuristic.Extract(content)
            : null) ?? Cell.Empty(Name);
}
