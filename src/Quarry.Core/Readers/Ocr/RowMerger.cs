using Quarry.Core.Documents;

namespace Quarry.Core.Readers.Ocr;

/// <summary>
/// OCR engines read a form block by block: a column of labels, then the column of their values, each as lines of its
/// own. Lines that sit side by side on one row are joined here, left to right, and rows come top-down — the visual
/// lines that <see cref="LineBuilder"/> makes from a PDF's text layer — so a label and its value share a line whether
/// the page was typed or scanned. Whole OCR lines are joined, never split, which keeps a slightly skewed line whole.
/// </summary>
public static class RowMerger
{
    public static IReadOnlyList<Line> Merge(IEnumerable<Line> lines)
    {
        var rows = new List<(List<Line> Lines, Box Box)>();
        foreach (var line in lines.Where(l => l.Words.Count > 0).OrderBy(l => l.Box.Y0).ThenBy(l => l.Box.X0))
        {
            // Only recent rows can overlap: lines are visited top-down.
            var i = rows.Count - 1;
            while (i >= 0 && i >= rows.Count - 3 && !SameRow(rows[i].Box, line.Box))
                i--;
            if (i >= 0 && i >= rows.Count - 3)
                rows[i] = (rows[i].Lines.Append(line).ToList(), rows[i].Box.Union(line.Box));
            else
                rows.Add(([line], line.Box));
        }
        return rows
            .OrderBy(r => r.Box.Y0)
            .Select(r => r.Lines.Count == 1 ? r.Lines[0] : new Line(r.Lines.OrderBy(l => l.Box.X0).SelectMany(l => l.Words).ToList()))
            .ToList();
    }

    /// <summary>The rule of <see cref="LineBuilder"/>: vertical extents overlap by more than half of the smaller one.</summary>
    private static bool SameRow(Box a, Box b)
    {
        var overlap = Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0);
        var smaller = Math.Min(a.Height, b.Height);
        return smaller <= 0 ? Math.Abs(a.Y0 - b.Y0) < 1 : overlap > smaller / 2;
    }
}
