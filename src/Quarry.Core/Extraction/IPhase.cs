namespace Quarry.Core.Extraction;

/// <summary>One of the four phases. A phase must be idempotent: run twice on the same input it leaves the same row.</summary>
public interface IPhase
{
    string Name { get; }

    Task<PhaseOutcome> RunAsync(RowWork row, CancellationToken ct);
}

public enum PhaseOutcome { Completed, Skipped }
