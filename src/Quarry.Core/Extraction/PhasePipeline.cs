using Quarry.Core.Values;

namespace Quarry.Core.Extraction;

/// <summary>The four phases in order. The server and the CLI run exactly this list.</summary>
public sealed class PhasePipeline(IReadOnlyList<IPhase> phases)
{
    public IReadOnlyList<IPhase> Phases { get; } = phases;

    public static PhasePipeline Default(IFieldAgent? agent = null, DateOrder dateOrder = DateOrder.DayFirst) => new(
    [
        new ResolvePhase(new LabelValueExtractor(dateOrder)),
        new AgentPhase(agent),
        new NormalizePhase(dateOrder),
        new TransformPhase(),
    ]);
}
