using Quarry.Core.Extraction;
using Quarry.Data;

namespace Quarry.Server.Jobs;

/// <summary>
/// Where a job's rows stand in one phase. Every row is in exactly one of the four counts, so they add up to the job's
/// row count: <see cref="Completed"/> rows are past the phase, <see cref="Running"/> rows are in it under a worker's
/// live lease, <see cref="Pending"/> rows have not reached it (or wait to be claimed for it), and <see cref="Failed"/>
/// rows could not be processed at all (their document could not be read), so no phase of theirs will run.
/// </summary>
public sealed record PhaseCounts(int Completed, int Running, int Pending, int Failed)
{
    /// <summary>The counts of every phase, keyed by phase name in running order, from the job's row groups.</summary>
    public static IReadOnlyDictionary<string, PhaseCounts> Of(IReadOnlyList<RowPhaseGroup> groups)
    {
        var failed = groups.Where(g => g.Failed).Sum(g => g.Rows);
        var live = groups.Where(g => !g.Failed).ToList();
        var phases = new Dictionary<string, PhaseCounts>(StringComparer.Ordinal);
        for (var phase = 0; phase < PhaseNames.InOrder.Count; phase++)
        {
            var completed = live.Where(g => g.NextPhase > phase).Sum(g => g.Rows);
            var running = live.Where(g => g.NextPhase == phase && g.Leased).Sum(g => g.Rows);
            var pending = live.Where(g => g.NextPhase < phase || (g.NextPhase == phase && !g.Leased)).Sum(g => g.Rows);
            phases[PhaseNames.InOrder[phase]] = new PhaseCounts(completed, running, pending, failed);
        }
        return phases;
    }
}
