namespace Quarry.Core.Extraction.Calibration;

/// <summary>A found value as the fitter sees it: how it was found, the field's group, what the rules said, and whether it was right.</summary>
public sealed record CalibrationSample(string Kind, string Group, RuleAgreement Rule, double Score, bool Correct);

/// <summary>A field left empty: whether the document truly had no value for it.</summary>
public sealed record AbsentSample(string Group, bool Correct);

/// <summary>
/// Fits a <see cref="CalibrationTable"/> from judged samples. Per key (see <see cref="CalibrationKey"/>) with enough
/// samples: isotonic regression (pool adjacent violators: more evidence never means less likely right), blocks merged
/// until each holds enough samples to mean something, each block's rate pulled towards the key's overall rate by a
/// few pseudo-samples so that a small perfect block does not claim certainty.
/// </summary>
public static class CalibrationFitter
{
    public const int MinSamples = 30;
    public const int MinBlock = 12;
    private const double PriorStrength = 3;
    private const double Floor = 0.01;
    private const double Ceiling = 0.995;

    public static CalibrationTable Fit(IEnumerable<CalibrationSample> samples, IEnumerable<AbsentSample> absent, IReadOnlyList<string> fittedOn)
    {
        var byKey = new Dictionary<string, List<CalibrationSample>>(StringComparer.Ordinal);
        foreach (var s in samples)
        {
            foreach (var key in CalibrationKey.Candidates(s.Kind, s.Group, s.Rule))
            {
                if (!byKey.TryGetValue(key, out var list)) byKey[key] = list = [];
                list.Add(s);
            }
        }
        var curves = new SortedDictionary<string, CalibrationCurve>(StringComparer.Ordinal);
        foreach (var (key, list) in byKey)
        {
            if (list.Count >= MinSamples || key == CalibrationKey.Any)
                curves[key] = FitCurve(list.Select(s => (s.Score, s.Correct)).ToList());
        }

        var rates = new SortedDictionary<string, CalibrationRate>(StringComparer.Ordinal);
        var absentList = absent.ToList();
        foreach (var group in absentList.GroupBy(a => a.Group, StringComparer.Ordinal).Where(g => g.Count() >= MinSamples))
            rates[group.Key] = Rate(group.Count(a => a.Correct), group.Count());
        if (absentList.Count > 0)
            rates[CalibrationKey.Any] = Rate(absentList.Count(a => a.Correct), absentList.Count);
        return new CalibrationTable(1, fittedOn, curves, rates);
    }

    /// <summary>The rising curve through (score, correct) pairs.</summary>
    public static CalibrationCurve FitCurve(IReadOnlyList<(double Score, bool Correct)> samples)
    {
        if (samples.Count == 0) return new CalibrationCurve(0, []);
        var overall = samples.Average(s => s.Correct ? 1.0 : 0.0);
        // Equal scores are one block from the start: the curve cannot tell them apart.
        var blocks = samples.GroupBy(s => Math.Round(s.Score, 6))
            .OrderBy(g => g.Key)
            .Select(g => new Block(g.Sum(s => s.Score), g.Count(s => s.Correct), g.Count()))
            .ToList();
        blocks = PoolAdjacentViolators(blocks);
        blocks = MergeSmall(blocks);
        var points = new List<double[]>();
        var last = 0.0;
        foreach (var b in blocks)
        {
            var p = (b.Correct + PriorStrength * overall) / (b.Count + PriorStrength);
            // Smoothing pulls small blocks unevenly; the curve must still rise.
            last = Math.Max(last, Math.Clamp(p, Floor, Ceiling));
            points.Add([Math.Round(b.ScoreSum / b.Count, 4), Math.Round(last, 4)]);
        }
        return new CalibrationCurve(samples.Count, points);
    }

    private sealed record Block(double ScoreSum, double Correct, int Count)
    {
        public double Rate => Correct / Count;

        public Block Merge(Block other) => new(ScoreSum + other.ScoreSum, Correct + other.Correct, Count + other.Count);
    }

    private static List<Block> PoolAdjacentViolators(List<Block> blocks)
    {
        var stack = new List<Block>();
        foreach (var b in blocks)
        {
            var current = b;
            while (stack.Count > 0 && stack[^1].Rate >= current.Rate)
            {
                current = stack[^1].Merge(current);
                stack.RemoveAt(stack.Count - 1);
            }
            stack.Add(current);
        }
        return stack;
    }

    /// <summary>Blocks with too few samples join the neighbour whose rate is closest.</summary>
    private static List<Block> MergeSmall(List<Block> blocks)
    {
        while (blocks.Count > 1)
        {
            var i = blocks.FindIndex(b => b.Count < MinBlock);
            if (i < 0) break;
            var j = i == 0 ? 1
                : i == blocks.Count - 1 ? i - 1
                : Math.Abs(blocks[i - 1].Rate - blocks[i].Rate) <= Math.Abs(blocks[i + 1].Rate - blocks[i].Rate) ? i - 1 : i + 1;
            var (lo, hi) = (Math.Min(i, j), Math.Max(i, j));
            blocks[lo] = blocks[lo].Merge(blocks[hi]);
            blocks.RemoveAt(hi);
        }
        return blocks;
    }

    private static CalibrationRate Rate(int correct, int count) =>
        new(count, Math.Round(Math.Clamp((correct + 1.0) / (count + 2.0), Floor, Ceiling), 4));
}
