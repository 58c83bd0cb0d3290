using Quarry.Core.Documents;

namespace Quarry.Core.Tests;

/// <summary>How well OCR found the words of a page: the share of true words found with the same text, and how far off their boxes are.</summary>
public sealed record OcrAccuracy(double Recovered, double MaxBoxError, double MeanBoxError, IReadOnlyList<string> Missed)
{
    /// <summary>
    /// Matches each true word to the OCR word of the same text whose box centre is nearest, within
    /// <paramref name="searchRadius"/>; a word's box error is its largest edge difference, after scaling truth by <paramref name="scale"/>.
    /// </summary>
    public static OcrAccuracy Measure(IReadOnlyList<Word> truth, IEnumerable<Word> found, double scale, double searchRadius)
    {
        var candidates = found.ToList();
        var missed = new List<string>();
        var errors = new List<double>();
        foreach (var t in truth)
        {
            var box = new Box(t.Box.X0 * scale, t.Box.Y0 * scale, t.Box.X1 * scale, t.Box.Y1 * scale);
            var match = candidates
                .Where(w => w.Text == t.Text)
                .Select(w => (Word: w, Distance: Distance(w.Box, box)))
                .Where(x => x.Distance <= searchRadius)
                .OrderBy(x => x.Distance)
                .FirstOrDefault();
            if (match.Word is null)
            {
                missed.Add(t.Text);
                continue;
            }
            candidates.Remove(match.Word);
            errors.Add(EdgeError(match.Word.Box, box));
        }
        return new OcrAccuracy(1 - (double)missed.Count / truth.Count, errors.DefaultIfEmpty().Max(), errors.DefaultIfEmpty().Average(), missed);
    }

    private static double Distance(Box a, Box b) =>
        Math.Sqrt(Math.Pow((a.X0 + a.X1 - b.X0 - b.X1) / 2, 2) + Math.Pow((a.Y0 + a.Y1 - b.Y0 - b.Y1) / 2, 2));

    private static double EdgeError(Box a, Box b) =>
        new[] { a.X0 - b.X0, a.Y0 - b.Y0, a.X1 - b.X1, a.Y1 - b.Y1 }.Max(Math.Abs);
}
