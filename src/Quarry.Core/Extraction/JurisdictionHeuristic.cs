using System.Text.RegularExpressions;
using Quarry.Core.Documents;

namespace Quarry.Core.Extraction;

/// <summary>
/// The law that governs an agreement, read from the sentence that says so in contracts of every kind: "governed by
/// the laws of the State of New York", "construed in accordance with Delaware law". A place named close after
/// "govern…" counts most; the place named most often breaks ties.
/// </summary>
public static partial class JurisdictionHeuristic
{
    private const string Place = @"(?<place>[A-Z][a-z]+(?:\s(?:of\s)?[A-Z][a-z]+){0,2})";

    [GeneratedRegex(@"\blaws?\sof\s(?:the\s)?(?:(?:State|Commonwealth|Province|Republic|Kingdom)\sof\s)?" + Place)]
    private static partial Regex LawsOf();

    [GeneratedRegex(@"\b(?:State|Commonwealth)\sof\s" + Place)]
    private static partial Regex StateOf();

    [GeneratedRegex(Place + @"\s(?:law|laws)\b")]
    private static partial Regex PlaceLaw();

    [GeneratedRegex(@"\bgovern", RegexOptions.IgnoreCase)]
    private static partial Regex Govern();

    private static readonly HashSet<string> NotPlaces = new(StringComparer.Ordinal)
    {
        "The", "This", "Such", "Any", "Each", "Agreement", "Company", "Party", "Parties", "Recipient", "Discloser", "Applicable", "Federal", "United",
    };

    public static Cell? Extract(DocumentContent content)
    {
        var text = DocumentText.Joined(content);
        var governs = Govern().Matches(text).Select(m => m.Index).ToList();
        var found = new List<(string Place, double Score)>();
        foreach (var (regex, weight) in new[] { (LawsOf(), 1.0), (StateOf(), 0.6), (PlaceLaw(), 0.8) })
        {
            foreach (Match m in regex.Matches(text))
            {
                var place = m.Groups["place"].Value;
                if (NotPlaces.Contains(place.Split(' ')[0]))
                    continue;
                var near = governs.Any(g => m.Index - g is >= 0 and <= 150);
                found.Add((place, weight * (near ? 1.0 : 0.4)));
            }
        }
        if (found.Count == 0) return null;
        var ranked = found.GroupBy(f => f.Place, StringComparer.Ordinal)
            .Select(g => (Place: g.Key, Score: g.Max(x => x.Score) + 0.05 * (g.Count() - 1)))
            .OrderByDescending(x => x.Score)
            .ToList();
        var best = ranked[0];
        var confidence = best.Score >= 1 ? 0.8 : best.Score >= 0.6 ? 0.6 : 0.35;
        if (ranked.Count > 1 && ranked[1].Score > best.Score - 0.2)
            confidence -= 0.2;
        var score = Math.Round(Math.Max(confidence, 0.05), 4);
        return new Cell(TypedMatchers.RawValue(best.Place), best.Place, score, PhaseNames.Resolve,
            DocumentText.SourceOf(content, best.Place), Evidence: new Evidence(EvidenceKinds.Sentence, score));
    }
}
