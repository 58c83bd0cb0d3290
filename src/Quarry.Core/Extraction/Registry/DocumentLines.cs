using Quarry.Core.Documents;
using Quarry.Core.Values;

namespace Quarry.Core.Extraction.Registry;

/// <summary>A document prepared for the registry: its lines in reading order, each word's normalized tokens, and its date order.</summary>
public sealed class DocumentLines
{
    public sealed record Row(Page Page, int Index, Line Line, IReadOnlyList<(int Word, string Token)> Tokens);

    public DocumentLines(DocumentContent content)
    {
        Content = content;
        Rows = content.Pages.SelectMany(p => p.Lines.Select((l, i) => new Row(p, i, l,
            l.Words.SelectMany((w, wi) => RegistryText.Tokens(w.Text).Select(t => (wi, t))).ToList()))).ToList();
        DateOrder = DateValue.InferOrder(DocumentText.Joined(content)) ?? DateOrder.DayFirst;
    }

    public DocumentContent Content { get; }

    public IReadOnlyList<Row> Rows { get; }
    public DateOrder DateOrder { get; }

    private HashSet<string>? _tokens;

    /// <summary>Every normalized token the document prints.</summary>
    public IReadOnlySet<string> TokenSet => _tokens ??= Rows.SelectMany(r => r.Tokens.Select(t => t.Token)).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The share of a remembered value's tokens the document prints anywhere (0–1): how much of a constant the page
    /// itself confirms. 1 for a value with no tokens.
    /// </summary>
    public double Shows(string value)
    {
        var want = RegistryText.Tokens(value);
        if (want.Length == 0)
            return 1;
        return want.Count(TokenSet.Contains) / (double)want.Length;
    }

    private HashSet<string>? _phrases;

    /// <summary>
    /// Every run of one to <paramref name="max"/> consecutive tokens within a row: the label phrases this page could
    /// match, so the registry looks its global rules up by phrase instead of trying each one on the page.
    /// </summary>
    public IReadOnlySet<string> Phrases(int max)
    {
        if (_phrases is not null)
            return _phrases;
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in Rows)
        {
            for (var i = 0; i < row.Tokens.Count; i++)
            {
                var phrase = row.Tokens[i].Token;
                set.Add(phrase);
                for (var n = 1; n < max && i + n < row.Tokens.Count; n++)
                    set.Add(phrase = phrase + " " + row.Tokens[i + n].Token);
            }
        }
        return _phrases = set;
    }

    public static string Text(Line line, int from, int count) => string.Join(' ', line.Words.Skip(from).Take(count).Select(w => w.Text));

    public static Box BoxOf(Line line, int from, int count) => Box.UnionAll(line.Words.Skip(from).Take(count).Select(w => w.Box));

    /// <summary>A span's centre relative to its page (0–1 each way).</summary>
    public static (double X, double Y) Centre(Page page, Box box) =>
        (page.Width > 0 ? (box.X0 + box.X1) / 2 / page.Width : 0, page.Height > 0 ? (box.Y0 + box.Y1) / 2 / page.Height : 0);

    /// <summary>The last <paramref name="max"/> tokens of the words before <paramref name="word"/> on the row.</summary>
    public static string TokensBefore(Row row, int word, int max) =>
        string.Join(' ', row.Tokens.Where(t => t.Word < word).TakeLast(max).Select(t => t.Token));

    /// <summary>The rows after which a label phrase ends, with the index of the first word after it.</summary>
    public IEnumerable<(Row Row, int After)> FindPhrase(string phrase, bool atLineEnd)
    {
        var want = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (want.Length == 0)
            yield break;
        foreach (var row in Rows)
        {
            var t = row.Tokens;
            for (var i = 0; i + want.Length <= t.Count; i++)
            {
                var ok = true;
                for (var k = 0; k < want.Length && ok; k++)
                    ok = t[i + k].Token == want[k];
                if (!ok)
                    continue;
                var lastWord = t[i + want.Length - 1].Word;
                if (atLineEnd && i + want.Length != t.Count)
                    continue;
                yield return (row, lastWord + 1);
            }
        }
    }

    /// <summary>The row under <paramref name="row"/> on its page, if any.</summary>
    public Row? Below(Row row)
    {
        var i = Rows.IndexOf(row);
        return i >= 0 && i + 1 < Rows.Count && Rows[i + 1].Page == row.Page ? Rows[i + 1] : null;
    }
}

internal static class ListExtensions
{
    public static int IndexOf<T>(this IReadOnlyList<T> list, T item) where T : class
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (ReferenceEquals(list[i], item)) return i;
        }
        return -1;
    }
}
