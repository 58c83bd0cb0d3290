using Quarry.Core.Documents;
using UglyToad.PdfPig.Content;
using Word = Quarry.Core.Documents.Word;
using UglyToad.PdfPig.Core;

namespace Quarry.Core.Readers;

/// <summary>
/// Pages whose text runs up, down or upside down as displayed (a landscape table stored sideways, a scan pasted in
/// turned): the page is turned so its text reads left to right, and words are built from the letters in that
/// frame. PdfPig's word extractor assumes horizontal text and would cut such text into single letters.
/// </summary>
internal static class RotatedText
{
    /// <summary>The direction most letters of the page run in, as displayed.</summary>
    public static TextOrientation Dominant(IReadOnlyList<Letter> letters) =>
        letters.Where(l => !string.IsNullOrWhiteSpace(l.Value))
            .GroupBy(l => l.TextOrientation)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)
            .FirstOrDefault(TextOrientation.Horizontal);

    public static bool IsTurned(TextOrientation d) => d is TextOrientation.Rotate90 or TextOrientation.Rotate180 or TextOrientation.Rotate270;

    /// <summary>The clockwise turn, in degrees, that makes text of direction <paramref name="d"/> upright.</summary>
    public static int Degrees(TextOrientation d) => d switch
    {
        TextOrientation.Rotate90 => 90,
        TextOrientation.Rotate180 => 180,
        TextOrientation.Rotate270 => 270,
        _ => 0,
    };

    /// <summary>A letter in the turned page: its glyph box, and where its pen starts and ends on the baseline.</summary>
    private sealed record Glyph(Letter Letter, Box Box, double Baseline, double Start, double End);

    /// <summary>
    /// Words of the letters running in <paramref name="direction"/>, with boxes in the turned page (top-left origin),
    /// and that page's size. <paramref name="width"/> and <paramref name="height"/> are the displayed page's.
    /// </summary>
    public static (IReadOnlyList<Word> Words, double Width, double Height) Words(
        IReadOnlyList<Letter> letters, TextOrientation direction, double width, double height)
    {
        var (turnedWidth, turnedHeight) = direction is TextOrientation.Rotate180 ? (width, height) : (height, width);
        var glyphs = letters
            .Where(l => l.TextOrientation == direction)
            .Select(l =>
            {
                var start = Turn(l.StartBaseLine, direction, width, height);
                return new Glyph(l, Turn(l.BoundingBox, direction, width, height), start.Y, start.X, Turn(l.EndBaseLine, direction, width, height).X);
            })
            .ToList();
        var words = new List<Word>();
        foreach (var line in Lines(glyphs))
        {
            var current = new List<Glyph>();
            foreach (var g in line.OrderBy(g => g.Start))
            {
                // A space glyph, or a gap along the baseline wider than a fifth of the font size, ends a word. The pen's
                // advance is measured rather than glyph boxes: narrow glyphs such as "I" have wide margins.
                var gap = current.Count == 0 ? 0 : g.Start - current[^1].End;
                if (string.IsNullOrWhiteSpace(g.Letter.Value) || gap > 0.2 * Math.Max(g.Letter.PointSize, 1))
                    Flush(current, words);
                if (!string.IsNullOrWhiteSpace(g.Letter.Value))
                    current.Add(g);
            }
            Flush(current, words);
        }
        return (words, turnedWidth, turnedHeight);
    }

    /// <summary>Letters grouped into lines by their baseline, which every letter of a line shares whatever its glyph's shape.</summary>
    private static List<List<Glyph>> Lines(List<Glyph> glyphs)
    {
        var lines = new List<List<Glyph>>();
        foreach (var g in glyphs.OrderBy(g => g.Baseline))
        {
            if (lines.Count == 0 || g.Baseline - lines[^1][^1].Baseline > 0.3 * Math.Max(g.Letter.PointSize, 1))
                lines.Add([]);
            lines[^1].Add(g);
        }
        return lines;
    }

    private static void Flush(List<Glyph> current, List<Word> words)
    {
        if (current.Count == 0) return;
        words.Add(new Word(string.Concat(current.Select(c => c.Letter.Value)), Box.UnionAll(current.Select(c => c.Box)), null,
            Math.Round(current[0].Letter.PointSize, 2)));
        current.Clear();
    }

    /// <summary>A glyph box from the displayed page (PDF space, origin bottom-left) to the turned page (origin top-left).</summary>
    private static Box Turn(PdfRectangle r, TextOrientation d, double width, double height)
    {
        var points = new[] { r.BottomLeft, r.BottomRight, r.TopLeft, r.TopRight }.Select(p => Turn(p, d, width, height)).ToList();
        return new Box(points.Min(p => p.X), points.Min(p => p.Y), points.Max(p => p.X), points.Max(p => p.Y));
    }

    private static (double X, double Y) Turn(PdfPoint p, TextOrientation d, double width, double height) => d switch
    {
        TextOrientation.Rotate90 => (height - p.Y, width - p.X),
        TextOrientation.Rotate270 => (p.Y, p.X),
        TextOrientation.Rotate180 => (width - p.X, p.Y),
        _ => (p.X, height - p.Y),
    };
}
