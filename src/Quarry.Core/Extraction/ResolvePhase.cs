using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction;

/// <summary>Phase 1: deterministic extraction from the document's layout. Cells a person set are never touched.</summary>
public sealed class ResolvePhase(LabelValueExtractor extractor) : IPhase
{
    public string Name => PhaseNames.Resolve;

    public Task<PhaseOutcome> RunAsync(RowWork row, CancellationToken ct)
    {
        foreach (var field in row.Fields)
        {
            ct.ThrowIfCancellationRequested();
            if (row.Cells.TryGetValue(field.Name, out var existing) && existing.Phase == PhaseNames.Human)
                continue;
            row.Cells[field.Name] = field.Type == FieldType.Array
                ? ExtractArray(field, row.Content)
                : extractor.Extract(field, row.Content) ?? Cell.Empty(Name);
        }
        return Task.FromResult(PhaseOutcome.Completed);
    }

    /// <summary>Arrays: the parties of an agreement for now; line items come with table reading.</summary>
    private Cell ExtractArray(FieldDefinition field, Documents.DocumentContent content) =>
        FieldSemantics.Of(field) == FieldIntent.Parties ? PartiesHeuristic.Extract(content) ?? Cell.Empty(Name) : Cell.Empty(Name);
}
