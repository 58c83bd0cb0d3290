namespace Quarry.Core.Extraction;

/// <summary>One of the four phases. A phase must be idempotent: run twice on the same input it leaves the same row.</summary>
public interface IPhase
{
    string Name { get; }

    Task<PhaseOutcome> RunAsync(RowWork row, CancellationToken ct);
}

/// <summary>
/// How a phase ended. <see cref="Failed"/> means the phase could not do its work (phase 2: the model provider was out)
/// and the row goes on with what the earlier phases left, flagged.
/// </summary>
public enum PhaseOutcome { Completed, Skipped, Failed }
