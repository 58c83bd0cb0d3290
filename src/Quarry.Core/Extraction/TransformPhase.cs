using Quarry.Core.Extraction.Calibration;

namespace Quarry.Core.Extraction;

/// <summary>Phase 4: validation flags, row confidence and row status (see <see cref="RowValidator"/>).</summary>
public sealed class TransformPhase(ConfidenceCalibration calibration) : IPhase
{
    public string Name => PhaseNames.Transform;

    public Task<PhaseOutcome> RunAsync(RowWork row, CancellationToken ct)
    {
        RowValidator.Validate(row, calibration);
        return Task.FromResult(PhaseOutcome.Completed);
    }
}
