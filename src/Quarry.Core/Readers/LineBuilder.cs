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
            .Select(l => new Line(l.OrderBy(w => w.Box.X0).ToList()))
            .OrderBy(l => l.Box.Y0)
            .ToList();
    }

    private static bool OverlapsVertically(Box a, Box b)
    {
        var overlap = Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0);
        var smaller = Math.Min(a.Height, b.Height);
        return smaller <= 0 ? Math.Abs(a.Y0 - b.Y0) < 1 : overlap > smaller / 2;
    }
}
