using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>
/// The order a person reads a page in. Visual lines run across the whole page, which is right for forms (a label and
/// its value share a line) but wrong for text set in two columns, where each visual line joins a line of the left
/// column to one of the right. When a page has a gutter — a vertical strip of white crossed by no text, with
/// running text on both sides — each stretch of lines beside it is read left column first, then right column.
/// Tables are not columns: their cells are short, so they keep their rows.
/// </summary>
public static class ReadingOrder
{
    /// <summary>Mean words per segment, on each side, below which a strip of white is a table's, not a gutter.</summary>
    private const double MinWordsPerColumnLine = 3;

    /// <summary>Lines beside a gutter before it counts as one: two lines side by side are not yet columns.</summary>
    private const int MinColumnLines = 4;

    public static IReadOnlyList<string> Lines(Page page)
    {
        var segmented = page.Lines.Select(Segments).ToList();
        if (FindGutter(segmented, page.Width) is not { } gutter)
            return page.Lines.Select(l => l.Text).ToList();

        var result = new List<string>();
        var left = new List<string>();
        var right = new List<string>();
        foreach (var segments in segmented)
        {
            if (segments.Any(s => s.Box.X0 < gutter.X1 && s.Box.X1 > gutter.X0))
            {
                // A line across the gutter (a heading, a full-width paragraph) closes the columns above it.
                Flush();
                result.Add(string.Join(' ', segments.Select(s => s.Text)));
                continue;
            }
            var l = string.Join(' ', segments.Where(s => s.Box.X1 <= gutter.X0).Select(s => s.Text));
            var r = string.Join(' ', segments.Where(s => s.Box.X0 >= gutter.X1).Select(s => s.Text));
            if (l.Length > 0) left.Add(l);
            if (r.Length > 0) right.Add(r);
        }
        Flush();
        return result;

        void Flush()
        {
            result.AddRange(left);
            result.AddRange(right);
            left.Clear();
            right.Clear();
        }
    }

    /// <summary>Pieces of a visual line separated by gaps wider than twice the text's height.</summary>
    private static List<Line> Segments(Line line)
    {
        var segments = new List<Line>();
        var current = new List<Word>();
        foreach (var w in line.Words)
        {
            if (current.Count > 0 && w.Box.X0 - current[^1].Box.X1 > 2 * Math.Max(w.Box.Height, current[^1].Box.Height))
            {
                segments.Add(new Line(current));
                current = [];
            }
            current.Add(w);
        }
        if (current.Count > 0)
            segments.Add(new Line(current));
        return segments;
    }

    /// <summary>The widest strip of white in the middle of the page that only running text borders, if any.</summary>
    private static Box? FindGutter(List<List<Line>> lines, double pageWidth)
    {
        // Candidate strips: the gaps between segments of lines that have at least two.
        var candidates = lines.SelectMany(segs => segs.Zip(segs.Skip(1), (a, b) => (X0: a.Box.X1, X1: b.Box.X0)))
            .Where(g => g.X0 > pageWidth * 0.2 && g.X1 < pageWidth * 0.8)
            .OrderByDescending(g => g.X1 - g.X0);
        foreach (var (x0, x1) in candidates)
        {
            // Narrow the strip to what no segment reaches into; segments right across it are lines that span the
            // columns (headings), which the strip survives.
            var strip = (X0: x0, X1: x1);
            foreach (var s in lines.SelectMany(segs => segs))
            {
                var across = s.Box.X0 <= strip.X0 && s.Box.X1 >= strip.X1;
                if (across || s.Box.X1 <= strip.X0 || s.Box.X0 >= strip.X1)
                    continue;
                if (s.Box.X0 > strip.X0) strip.X1 = s.Box.X0; else strip.X0 = s.Box.X1;
            }
            if (strip.X1 - strip.X0 < 4)
                continue;
            var beside = lines.Where(segs => !segs.Any(s => s.Box.X0 < strip.X1 && s.Box.X1 > strip.X0)).ToList();
            var left = beside.SelectMany(segs => segs.Where(s => s.Box.X1 <= strip.X0)).ToList();
            var right = beside.SelectMany(segs => segs.Where(s => s.Box.X0 >= strip.X1)).ToList();
            if (beside.Count >= MinColumnLines && left.Count >= MinColumnLines && right.Count >= MinColumnLines
                && left.Average(s => s.Words.Count) >= MinWordsPerColumnLine && right.Average(s => s.Words.Count) >= MinWordsPerColumnLine)
                return new Box(strip.X0, 0, strip.X1, 0);
        }
        return null;
    }
}
