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
        var gaps = row.Fields.Where(f => row.CellOf(f.Name) is var c && c.Phase != PhaseNames.Human && (!c.IsFilled || c.Confidence < row.ReviewThreshold)).ToList();
        if (gaps.Count == 0)
            return PhaseOutcome.Skipped;
        await agent.FillAsync(row, gaps, ct);
        return PhaseOutcome.Completed;
    }
}

/// <summary>A model that fills gap fields of a row. Implementations must ground every value in the document.</summary>
public interface IFieldAgent
{
    Task FillAsync(RowWork row, IReadOnlyList<Schemas.FieldDefinition> gaps, CancellationToken ct);
}
