using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>Groups loose words into visual lines: words whose vertical extents overlap by more than half of the smaller one share a line.</summary>
public static class LineBuilder
{
    public static IReadOnlyList<Line> Build(IEnumerable<Word> words)
    {
        var lines = new List<List<Word>>();
        var lineBoxes = new List<Box>();
        foreach (var w in words.OrderBy(w => w.Box.Y0).ThenBy(w => w.Box.X0))
        {
            var placed = false;
            // Only recent lines can overlap: words are visited top-down.
            for (var i = lines.Count - 1; i >= 0 && i >= lines.Count - 3; i--)
            {
                if (!OverlapsVertically(lineBoxes[i], w.Box))
                    continue;
                lines[i].Add(w);
                lineBoxes[i] = lineBoxes[i].Union(w.Box);
                placed = true;
                break;
            }
            if (!placed)
            {
                lines.Add([w]);
                lineBoxes.Add(w.Box);
            }
        }
        return lines
            .Select(l => new Line(JoinTouching(l.OrderBy(w => w.Box.X0).ToList())))
            .OrderBy(l => l.Box.Y0)
            .ToList();
    }

    /// <summary>
    /// Pieces of one word that the file wrote separately ("F" + "actuurnummer:", a drop cap or kerned pair) touch;
    /// words a space apart never do. Pieces closer than a tenth of the text's height are joined.
    /// </summary>
    private static List<Word> JoinTouching(List<Word> words)
    {
        var joined = new List<Word>(words.Count);
        foreach (var w in words)
        {
            if (joined.Count > 0 && joined[^1] is var prev && w.Box.X0 - prev.Box.X1 < 0.1 * Math.Min(prev.Box.Height, w.Box.Height)
                && w.Box.X0 >= prev.Box.X0 && prev.Confidence is null && w.Confidence is null)
                joined[^1] = prev with { Text = prev.Text + w.Text, Box = prev.Box.Union(w.Box) };
            else
                joined.Add(w);
        }
        return joined;
    }

    private static bool OverlapsVertically(Box a, Box b)
    {
        var overlap = Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0);
        var smaller = Math.Min(a.Height, b.Height);
        return smaller <= 0 ? Math.Abs(a.Y0 - b.Y0) < 1 : overlap > smaller / 2;
    }
}
