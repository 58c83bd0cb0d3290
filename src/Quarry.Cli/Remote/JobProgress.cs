using System.Globalization;
using Quarry.Client;

namespace Quarry.Cli.Remote;

/// <summary>
/// The progress of a job on a terminal: a bar per phase, redrawn in place, and the overall figures. Each bar is the
/// share of rows past that phase, from the job's per-phase counts. A server without them gives only the overall progress
/// and the earliest phase any row waits for: phases before that one are then done, later ones waiting, and the current
/// phase's bar is what the overall progress says beyond the finished phases (an estimate). Piped, it draws nothing.
/// </summary>
public sealed class JobProgress
{
    private const int Width = 30;
    private static readonly string[] Names = ["resolve", "agent", "normalize", "transform"];
    private readonly bool _live = Terminal.StderrLive;
    private readonly bool _colours = Terminal.StderrColours;
    private int _lines;

    public void Update(Job job)
    {
        if (!_live) return;
        var lines = Render(job);
        var text = new System.Text.StringBuilder();
        if (_lines > 0) text.Append(CultureInfo.InvariantCulture, $"\u001b[{_lines}A");
        foreach (var l in lines)
            text.Append('\r').Append(l).Append("\u001b[K\n");
        Console.Error.Write(text.ToString());
        _lines = lines.Count;
    }

    private List<string> Render(Job job)
    {
        var phases = JobPhase.InOrder.Count;
        var current = job.CurrentPhase is { } p ? Math.Max(0, JobPhase.InOrder.ToList().IndexOf(p)) : (job.Status == JobStatus.Complete ? phases : 0);
        var lines = new List<string>
        {
            $"Job {job.Id} · {job.Schema.Name} v{job.Schema.Version} · {Output.Count(job.DocumentCount, "document")} · {Terminal.Paint(job.Status, Terminal.Of(job.Status), _colours)}",
        };
        for (var i = 0; i < phases; i++)
        {
            double fill;
            string state;
            if (job.Phases.TryGetValue(JobPhase.InOrder[i], out var counts) && counts.Rows > 0)
                (fill, state) = ((double)(counts.Completed + counts.Failed) / counts.Rows, StateOf(counts, job));
            else if (i < current || job.Status == JobStatus.Complete)
                (fill, state) = (1, "done");
            else if (i == current && !job.HasEnded)
                (fill, state) = (Math.Clamp(job.Progress / 100.0 * phases - current, 0, 1), "running");
            else
                (fill, state) = (0, job.HasEnded ? "-" : "waiting");
            var filled = (int)Math.Round(fill * Width);
            var bar = (filled == 0 ? "" : Terminal.Paint(new string('#', filled), state.StartsWith("done", StringComparison.Ordinal) ? Colour.Green : Colour.Cyan, _colours)) + new string('.', Width - filled);
            lines.Add($"  {i + 1} {Names[i],-10} [{bar}] {state}");
        }
        var eta = job.EstimatedSecondsRemaining is { } s ? string.Create(CultureInfo.InvariantCulture, $", about {s} s left") : "";
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"  {job.Progress}% · {job.CompletedDocuments} done, {job.FailedDocuments} failed of {job.DocumentCount}{eta}"));
        return lines;
    }

    private static string StateOf(PhaseCounts counts, Job job) =>
        counts.Pending + counts.Running == 0 ? (counts.Failed > 0 ? string.Create(CultureInfo.InvariantCulture, $"done, {counts.Failed} failed") : "done")
        : counts.Running > 0 ? string.Create(CultureInfo.InvariantCulture, $"running ({counts.Running} in flight, {counts.Pending} waiting)")
        : job.HasEnded ? "-" : "waiting";

    /// <summary>One line for the end, whatever the output: how the job ended.</summary>
    public static string Summary(Job job)
    {
        var took = job is { StartedAt: { } start, CompletedAt: { } end } ? string.Create(CultureInfo.InvariantCulture, $" in {(end - start).TotalSeconds:0.0} s") : "";
        var error = job.Error is { } e ? $" ({e.Code}: {e.Message})" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"Job {job.Id} {job.Status}{took}: {Output.Count(job.DocumentCount, "document")}, {job.CompletedDocuments} done, {job.FailedDocuments} failed, {job.GridStats.FillRate * 100:0}% of cells filled{error}.");
    }
}
