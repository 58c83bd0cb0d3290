using System.Text.Json;
using System.Text.Json.Nodes;
using Quarry.Core.Extraction.Agent;

namespace Quarry.Core.Extraction.Registry;

/// <summary>
/// A confirmed value found again in a document: the value, where it is printed, how exactly (1 = every letter and digit
/// in order), and whether it was the only known value the page printed.
/// </summary>
public sealed record KnownHit(JsonNode Value, QuoteMatch Match, bool Unique)
{
    /// <summary>At or above this quality a hit counts as printed exactly (OCR spacing and punctuation aside).</summary>
    public const double ExactQuality = 0.98;

    /// <summary>The bucket its confidence is measured in: exact or near, alone or beside other known values.</summary>
    public string Bucket => (Match.Quality >= ExactQuality ? "exact" : "near") + (Unique ? "" : "+several");
}

/// <summary>
/// Every constant text value any layout confirmed, per field, indexed by its words: a document whose layout the registry
/// does not recognise (another scan of a known shop, whose OCR misread its heading) may still print a name or an address
/// confirmed before, give or take OCR noise. Candidates share at least half of their words with the page; the best few
/// are searched for approximately (<see cref="QuoteLocator"/>, at most 15% of the characters wrong).
/// </summary>
internal sealed class KnownValues
{
    /// <summary>Shorter values (a code, a state's name) match by chance in too many places to say anything.</summary>
    private const int MinFoldedChars = 8;
    private const int MinTokenChars = 3;
    private const double MinShare = 0.5;
    private const int Tried = 4;

    private sealed record Entry(string Json, string Text, int Folded, int Tokens);

    private readonly HashSet<(string Field, string Folded)> _seen = [];
    private readonly Dictionary<string, int> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Field, string Token), List<Entry>> _byToken = [];

    /// <summary>Remembers a constant's value (JSON) for the field; numbers, dates and short values are ignored.</summary>
    public void Add(string field, string json)
    {
        if (JsonNode.Parse(json) is not { } node || node.GetValueKind() != JsonValueKind.String)
            return;
        var text = node.GetValue<string>();
        var folded = QuoteLocator.Fold(text);
        if (folded.Length < MinFoldedChars || folded.All(char.IsDigit) || !_seen.Add((field, folded)))
            return;
        var tokens = Significant(text);
        if (tokens.Count == 0)
            return;
        var entry = new Entry(json, text, folded.Length, tokens.Count);
        _values[field] = _values.GetValueOrDefault(field) + 1;
        foreach (var token in tokens)
        {
            if (!_byToken.TryGetValue((field, token), out var list))
                _byToken[(field, token)] = list = [];
            list.Add(entry);
        }
    }

    /// <summary>The known value of the field the document prints most exactly (the longer among equals), or null.</summary>
    public KnownHit? Find(DocumentLines doc, string field)
    {
        // Per candidate: how many of its words the page prints, and how telling they are together (a word in few known
        // values — a shop's own name — says more than "sdn" or "jalan", which most of them share).
        var shared = new Dictionary<Entry, (int Count, double Weight)>(ReferenceEqualityComparer.Instance);
        var values = _values.GetValueOrDefault(field);
        foreach (var token in doc.TokenSet)
        {
            if (token.Length < MinTokenChars || !_byToken.TryGetValue((field, token), out var entries))
                continue;
            var weight = Math.Log(1 + values / (double)entries.Count);
            foreach (var e in entries)
            {
                var (count, sum) = shared.GetValueOrDefault(e);
                shared[e] = (count + 1, sum + weight);
            }
        }
        var candidates = shared.Where(s => s.Value.Count >= MinShare * s.Key.Tokens)
            .OrderByDescending(s => s.Value.Weight).ThenByDescending(s => s.Key.Folded).ThenBy(s => s.Key.Json, StringComparer.Ordinal)
            .Take(Tried).Select(s => s.Key);
        var found = new List<(Entry Entry, QuoteMatch Match)>();
        foreach (var entry in candidates)
        {
            if (QuoteLocator.Locate(doc.Content.Pages, entry.Text) is { } match)
                found.Add((entry, match));
        }
        if (found.Count == 0)
            return null;
        var best = found.OrderByDescending(f => f.Match.Quality).ThenByDescending(f => f.Entry.Folded).First();
        // Another known value printed as well (a mall's name on a tenant's receipt, a second party's address) makes the
        // choice less sure; its own bucket measures how much.
        return new KnownHit(JsonNode.Parse(best.Entry.Json)!, best.Match, found.Count == 1);
    }

    private static HashSet<string> Significant(string text) =>
        RegistryText.Tokens(text).Where(t => t.Length >= MinTokenChars).ToHashSet(StringComparer.Ordinal);
}
