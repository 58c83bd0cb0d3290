using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction.LineItems;

/// <summary>
/// Recognises the heading row of an item table: a run of headings ("Description  Qty  Unit price  Amount") that
/// name at least two of the item fields and make up most of the row. Used on visual lines and on reader tables alike.
/// </summary>
public sealed class ItemHeader
{
    private readonly List<(FieldDefinition Field, string[] Phrase, int Rank)> _phrases;

    public ItemHeader(IReadOnlyList<FieldDefinition> itemFields)
    {
        Fields = itemFields;
        // Longest headings first, so "unit price" is taken before "price" or "unit", "item no" before "item".
        _phrases = itemFields
            .SelectMany(f => ItemColumns.HeadingsFor(f).Select((p, rank) => (Field: f, Phrase: p, Rank: rank)))
            .OrderByDescending(x => x.Phrase.Length)
            .ToList();
    }

    public IReadOnlyList<FieldDefinition> Fields { get; }

    /// <summary>
    /// Which field each word range of <paramref name="words"/> heads, as (field, first word, word count); null when the
    /// words are not a heading row.
    /// </summary>
    public List<(FieldDefinition Field, int Start, int Length)>? Match(IReadOnlyList<string> words)
    {
        var found = Find(words, []);
        var used = found.Select(f => (f.Start, f.Length)).Distinct().Sum(f => f.Length);
        var meaningful = words.Count(w => FieldLabels.Normalize(w).Length > 0);
        return found.Count >= Math.Min(2, Fields.Count) && used * 2 >= meaningful ? found : null;
    }

    /// <summary>
    /// Every heading of a field not in <paramref name="taken"/> among <paramref name="words"/>, each field once and each
    /// word once: longer headings first, then for each field its surest heading ("Omschrijving" over "Artikel"). A word
    /// joined by a slash ("CODE/DESC") heads each of its parts.
    /// </summary>
    public List<(FieldDefinition Field, int Start, int Length)> Find(IReadOnlyList<string> words, IReadOnlyCollection<FieldDefinition> taken)
    {
        var norm = words.Select(HeadingWord).ToArray();
        var candidates = new List<(FieldDefinition Field, int Start, int Length, int Rank)>();
        for (var i = 0; i < norm.Length; i++)
        {
            foreach (var (field, phrase, rank) in _phrases)
            {
                if (!taken.Contains(field) && Matches(norm, i, phrase))
                    candidates.Add((field, i, phrase.Length, rank));
            }
            if (!norm[i].Contains('/', StringComparison.Ordinal))
                continue;
            foreach (var part in norm[i].Split('/', StringSplitOptions.RemoveEmptyEntries))
                candidates.AddRange(_phrases.Where(x => !taken.Contains(x.Field) && x.Phrase is [var only] && only == part).Select(x => (x.Field, i, 1, x.Rank)));
        }
        var found = new List<(FieldDefinition Field, int Start, int Length)>();
        var usedWords = new HashSet<int>();
        foreach (var c in candidates.OrderByDescending(c => c.Length).ThenBy(c => c.Rank).ThenBy(c => c.Start))
        {
            var span = Enumerable.Range(c.Start, c.Length).ToList();
            // A slashed word may head two fields; any other word heads one.
            var slashed = c.Length == 1 && norm[c.Start].Contains('/', StringComparison.Ordinal);
            if (found.Any(f => f.Field == c.Field) || (!slashed && span.Any(usedWords.Contains)))
                continue;
            found.Add((c.Field, c.Start, c.Length));
            usedWords.UnionWith(span);
        }
        return found.OrderBy(f => f.Start).ToList();
    }

    /// <summary>A heading word without the unit glued to it: "AMT(RM)" heads the amounts.</summary>
    private static string HeadingWord(string word)
    {
        var open = word.IndexOf('(', StringComparison.Ordinal);
        return FieldLabels.Normalize(open > 0 ? word[..open] : word);
    }

    /// <summary>The field a single cell of a reader table heads, or null.</summary>
    public FieldDefinition? MatchCell(string text)
    {
        var norm = FieldLabels.Tokens(text);
        if (norm.Length == 0) return null;
        foreach (var (field, phrase, _) in _phrases)
        {
            // The whole cell, or the heading followed by a qualifier: "Amount (EUR)", "Price excl. VAT".
            if (Matches(norm, 0, phrase) && norm.Length <= phrase.Length + 2)
                return field;
        }
        return null;
    }

    private static bool Matches(string[] words, int at, string[] phrase)
    {
        if (at + phrase.Length > words.Length) return false;
        for (var k = 0; k < phrase.Length; k++)
        {
            if (!string.Equals(words[at + k], phrase[k], StringComparison.Ordinal))
                return false;
        }
        return true;
    }
}
