using System.Text;
using Quarry.Core.Documents;

namespace Quarry.Core.Extraction.Agent;

/// <summary>Where a quote stands: its page, the union box of the words it covers, their text, and how exactly it matched (0–1).</summary>
public sealed record QuoteMatch(int Page, Box Bbox, string Text, double Quality);

/// <summary>
/// Finds a model's quote among the document's words. Both sides are folded to lowercase letters and digits, so spacing,
/// punctuation and line breaks do not matter; a quote of at least <see cref="MinFuzzyChars"/> such characters may also
/// match with up to <see cref="MaxErrorRate"/> of them wrong (OCR noise), by approximate substring search.
/// </summary>
public static class QuoteLocator
{
    public const int MinFuzzyChars = 8;
    public const double MaxErrorRate = 0.15;

    /// <summary>Longer quotes must match exactly: approximate search costs the allowed errors times the page's length, and more where the quote nearly matches.</summary>
    public const int MaxFuzzyChars = 1_000;

    /// <summary>The best match of <paramref name="quote"/> on <paramref name="pages"/> (an exact one on the earliest page wins), or null.</summary>
    public static QuoteMatch? Locate(IEnumerable<Page> pages, string? quote)
    {
        var q = Fold(quote ?? "");
        if (q.Length == 0)
            return null;
        QuoteMatch? best = null;
        foreach (var page in pages)
        {
            var folded = FoldedPage.Of(page);
            var exact = folded.Text.IndexOf(q, StringComparison.Ordinal);
            if (exact >= 0)
                return folded.Match(page.Number, exact, exact + q.Length - 1, 1.0);
            if (q.Length is < MinFuzzyChars or > MaxFuzzyChars)
                continue;
            if (Approximate(q, folded.Text, (int)Math.Floor(q.Length * MaxErrorRate)) is var (start, end, errors) && start >= 0)
            {
                var quality = 1.0 - (double)errors / q.Length;
                if (best is null || quality > best.Quality)
                    best = folded.Match(page.Number, start, end, quality);
            }
        }
        return best;
    }

    /// <summary>Lowercase letters and digits only: what two renderings of the same text share.</summary>
    public static string Fold(string text)
    {
        var s = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
                s.Append(char.ToLowerInvariant(c));
        }
        return s.ToString();
    }

    /// <summary>
    /// Sellers' algorithm: the substring of <paramref name="text"/> with the fewest edits from <paramref name="pattern"/>, at
    /// most <paramref name="maxErrors"/>; each cell also carries where its alignment starts. (-1, -1, 0) when none is close enough.
    /// Ukkonen's cut-off computes a column only up to one row past the last row within <paramref name="maxErrors"/>: rows
    /// beyond it cannot come back within the limit, so a quote that is nowhere costs about the limit, not its length, per character.
    /// </summary>
    internal static (int Start, int End, int Errors) Approximate(string pattern, string text, int maxErrors)
    {
        var m = pattern.Length;
        var cost = new int[m + 1];
        var start = new int[m + 1];
        // Above the limit every value is as good as limit + 1: results within it never depend on how far above.
        for (var i = 0; i <= m; i++)
            cost[i] = Math.Min(i, maxErrors + 1);
        var last = Math.Min(maxErrors, m);
        (int, int, int) best = (-1, -1, 0);
        var bestErrors = maxErrors + 1;
        for (var j = 0; j < text.Length; j++)
        {
            // Column j: cost[i] = fewest edits aligning pattern[..i] to a substring ending at text[j].
            int diagCost = 0, diagStart = j;
            cost[0] = 0;
            start[0] = j + 1;
            var top = Math.Min(m, last + 1);
            for (var i = 1; i <= top; i++)
            {
                int upCost = cost[i - 1] + 1, upStart = start[i - 1];
                int leftCost = cost[i] + 1, leftStart = start[i];
                var sub = diagCost + (pattern[i - 1] == text[j] ? 0 : 1);
                var (c, s) = sub <= upCost && sub <= leftCost ? (sub, diagStart) : upCost <= leftCost ? (upCost, upStart) : (leftCost, leftStart);
                diagCost = cost[i];
                diagStart = start[i];
                cost[i] = Math.Min(c, maxErrors + 1);
                start[i] = s;
            }
            last = top;
            while (last > 0 && cost[last] > maxErrors)
                last--;
            if (last == m && cost[m] < bestErrors)
            {
                bestErrors = cost[m];
                best = (start[m], j, cost[m]);
            }
        }
        return best;
    }

    /// <summary>A page's words folded into one string, with the word each character came from.</summary>
    private sealed record FoldedPage(string Text, int[] WordOf, IReadOnlyList<Word> Words)
    {
        public static FoldedPage Of(Page page)
        {
            var words = page.Lines.SelectMany(l => l.Words).ToList();
            var text = new StringBuilder();
            var owner = new List<int>();
            for (var w = 0; w < words.Count; w++)
            {
                var f = Fold(words[w].Text);
                text.Append(f);
                owner.AddRange(Enumerable.Repeat(w, f.Length));
            }
            return new FoldedPage(text.ToString(), owner.ToArray(), words);
        }

        public QuoteMatch Match(int page, int start, int end, double quality)
        {
            var first = WordOf[Math.Clamp(start, 0, WordOf.Length - 1)];
            var last = WordOf[Math.Clamp(end, 0, WordOf.Length - 1)];
            var covered = Words.Skip(first).Take(last - first + 1).ToList();
            return new QuoteMatch(page, Box.UnionAll(covered.Select(w => w.Box)), string.Join(' ', covered.Select(w => w.Text)), quality);
        }
    }
}
