using Quarry.Core.Extraction.Calibration;
using Quarry.Core.Values;

namespace Quarry.Core.Extraction;

/// <summary>The four phases in order. The server and the CLI run exactly this list.</summary>
public sealed class PhasePipeline(IReadOnlyList<IPhase> phases)
{
    public IReadOnlyList<IPhase> Phases { get; } = phases;

    /// <param name="calibration">The shipped calibration when null; <see cref="ConfidenceCalibration.Identity"/> to see raw evidence scores.</param>
    public static PhasePipeline Default(IFieldAgent? agent = null, DateOrder dateOrder = DateOrder.DayFirst, ConfidenceCalibration? calibration = null)
    {
        var c = calibration ?? ConfidenceCalibration.Default;
        return new(
        [
            new ResolvePhase(new LabelValueExtractor(dateOrder), c),
            new AgentPhase(agent),
            new NormalizePhase(dateOrder),
            new TransformPhase(c),
        ]);
    }
}
