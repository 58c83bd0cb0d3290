using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction;

/// <summary>
/// Phase 2: asks a language model for the fields still empty or doubtful. With no model configured the phase is
/// recorded as skipped, so every row still shows all four phases.
/// </summary>
public sealed class AgentPhase(IFieldAgent? agent) : IPhase
{
    public string Name => PhaseNames.Agent;

    public async Task<PhaseOutcome> RunAsync(RowWork row, CancellationToken ct)
    {
        if (agent is null)
            return PhaseOutcome.Skipped;
        var gaps = Gaps(row);
        if (gaps.Count == 0)
            return PhaseOutcome.Skipped;
        return await agent.FillAsync(row, gaps, ct);
    }

    /// <summary>The fields a model may be asked for: empty, or below the review threshold, and never one a person set.</summary>
    public static IReadOnlyList<FieldDefinition> Gaps(RowWork row) =>
        row.Fields.Where(f => row.CellOf(f.Name) is var c && c.Phase != PhaseNames.Human && (!c.IsFilled || c.Confidence < row.ReviewThreshold)).ToList();
}

/// <summary>
/// A model that fills gap fields of a row. Implementations must ground every value in the document, and say how the
/// phase ended: completed, skipped (nothing was asked, e.g. the budget was spent) or failed (the provider was out).
/// </summary>
public interface IFieldAgent
{
    Task<PhaseOutcome> FillAsync(RowWork row, IReadOnlyList<FieldDefinition> gaps, CancellationToken ct);
}
