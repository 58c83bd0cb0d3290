using System.Text.Json.Nodes;

namespace Quarry.Core.Extraction.Registry;

/// <summary>
/// The words around the items of an array of text values (the parties of an agreement): the token before an item and
/// the token after it ("between ‹Acme Corp.›, a …", "and ‹Jane Doe› (the …"), with the item's casing shape. Names vary
/// in length and wording from one document to the next, so what carries over is their context, not their shape. Items
/// are introduced near the start of a document, so only its first words are read.
/// </summary>
public static class ItemContext
{
    /// <summary>Words read from the start of a document.</summary>
    public const int WordsRead = 1500;

    /// <summary>The longest item read, in words.</summary>
    public const int MaxItemWords = 6;

    /// <summary>
    /// One word with the context keys of an item that starts at it (<see cref="Before"/>) or ends at it
    /// (<see cref="After"/>), computed once so every rule compares strings instead of building them.
    /// </summary>
    public sealed record Word(DocumentLines.Row Row, int Index, string[] Tokens, string Case)
    {
        public string Before { get; internal set; } = "";
        public string After { get; internal set; } = "";
    }

    public sealed record Read(string Raw, string Norm, int Start);

    /// <summary>The document's first words that carry tokens, in reading order across lines.</summary>
    public static IReadOnlyList<Word> Words(DocumentLines doc)
    {
        var words = new List<Word>();
        foreach (var row in doc.Rows)
        {
            foreach (var group in row.Tokens.GroupBy(t => t.Word))
            {
                var text = row.Line.Words[group.Key].Text;
                words.Add(new Word(row, group.Key, group.Select(t => t.Token).ToArray(), CaseOf(text)));
                if (words.Count >= WordsRead)
                    return WithContext(words);
            }
        }
        return WithContext(words);
    }

    private static List<Word> WithContext(List<Word> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            words[i].Before = i > 0 ? Before(words, i) : "";
            words[i].After = i + 1 < words.Count ? After(words, i) : "";
        }
        return words;
    }

    /// <summary>A word's casing class: U (capital first letter), l (lower), 9 (starts with a digit).</summary>
    private static string CaseOf(string text)
    {
        foreach (var ch in text)
        {
            if (char.IsDigit(ch)) return "9";
            if (char.IsLetter(ch)) return char.IsUpper(ch) ? "U" : "l";
        }
        return "";
    }

    /// <summary>The casing shape of words [start, start+count), runs folded (Bank of Beverly Hills → UlU).</summary>
    public static string Shape(IReadOnlyList<Word> words, int start, int count)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var w in words.Skip(start).Take(count))
        {
            if (sb.Length == 0 || sb[^1].ToString() != w.Case)
                sb.Append(w.Case);
        }
        return sb.ToString();
    }

    /// <summary>
    /// The rule key for an item at [start, start+count), or null at the document's edge: the token before it (with the
    /// punctuation that ends the word before that: "), and" is not "Common Stock and") and the token after it (with the
    /// punctuation that ends the item: "Acme, Inc., a" is not "the Company a"). Numbers are one token, '#', so a letter's
    /// addressee (after the date's year, before the street number) reads the same in every letter.
    /// </summary>
    public static string? Key(IReadOnlyList<Word> words, int start, int count) =>
        start > 0 && start + count < words.Count ? words[start].Before + "|" + words[start + count - 1].After : null;

    private static string Before(IReadOnlyList<Word> words, int start) =>
        (start > 1 ? EndMark(words[start - 2]) : "") + Token(words[start - 1].Tokens[^1]);

    private static string After(IReadOnlyList<Word> words, int last) => EndMark(words[last]) + Token(words[last + 1].Tokens[0]);

    private static string Token(string token) => token.Any(char.IsDigit) ? "#" : token;

    private static string EndMark(Word w)
    {
        var text = w.Row.Line.Words[w.Index].Text;
        return text.Length > 0 && text[^1] is ',' or ')' or '”' or '"' or ';' or ':' or '.' ? text[^1].ToString() : "";
    }

    /// <summary>Where an item's tokens are printed, as word spans (start, count).</summary>
    public static IEnumerable<(int Start, int Count)> Locate(IReadOnlyList<Word> words, string item)
    {
        var want = RegistryText.Tokens(item);
        if (want.Length == 0)
            yield break;
        for (var s = 0; s < words.Count; s++)
        {
            var k = 0;
            for (var n = 1; s + n <= words.Count && n <= MaxItemWords + 2; n++)
            {
                var tokens = words[s + n - 1].Tokens;
                if (k + tokens.Length > want.Length || !tokens.SequenceEqual(want.Skip(k).Take(tokens.Length)))
                    break;
                k += tokens.Length;
                if (k == want.Length)
                {
                    yield return (s, n);
                    break;
                }
            }
        }
    }

    /// <summary>The items a rule reads: every span of up to <see cref="MaxItemWords"/> words between its two tokens, with its casing shape (the shortest).</summary>
    public static IEnumerable<Read> ReadAll(IReadOnlyList<Word> words, RegistryRule rule)
    {
        var bar = rule.Key.IndexOf('|', StringComparison.Ordinal);
        var (before, after) = (rule.Key[..bar], rule.Key[(bar + 1)..]);
        for (var s = 1; s < words.Count; s++)
        {
            if (words[s].Before != before)
                continue;
            for (var n = 1; n <= MaxItemWords && s + n < words.Count; n++)
            {
                if (words[s + n - 1].After != after)
                    continue;
                if (Shape(words, s, n) == rule.Shape && !Crosses(words, s, n))
                    yield return new Read(Text(words, s, n), string.Join(' ', words.Skip(s).Take(n).SelectMany(w => w.Tokens)), s);
                break;
            }
        }
    }

    /// <summary>
    /// Whether a span runs past the end of a name: a word inside it closes a parenthesis, a quotation or a clause, or
    /// opens one ("Acme (“Acme”). RECITALS" is a name, its defined term and the next heading, not one name).
    /// </summary>
    public static bool Crosses(IReadOnlyList<Word> words, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            var text = words[i].Row.Line.Words[words[i].Index].Text;
            if (i < start + count - 1 && text.Length > 0 && text[^1] is ')' or '”' or '"' or ';' or ':')
                return true;
            if (i > start && text.Length > 0 && text[0] is '(' or '“' or '"')
                return true;
        }
        return false;
    }

    /// <summary>The printed words of a span, without the punctuation that separates it from its context.</summary>
    public static string Text(IReadOnlyList<Word> words, int start, int count) =>
        string.Join(' ', words.Skip(start).Take(count).Select(w => w.Row.Line.Words[w.Index].Text))
            .Trim(' ', ',', ';', ':', '(', ')', '"', '“', '”', '\'', '‘', '’');

    /// <summary>The normalized items of a confirmed array value.</summary>
    public static HashSet<string> Items(JsonNode truth) =>
        truth is JsonArray a
            ? a.Where(v => v is not null).Select(v => RegistryText.Norm(RegistryValues.Text(v!))).Where(s => s.Length > 0).ToHashSet(StringComparer.Ordinal)
            : [];
}
