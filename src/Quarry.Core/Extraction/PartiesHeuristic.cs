using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Quarry.Core.Documents;

namespace Quarry.Core.Extraction;

/// <summary>
/// The parties to an agreement, from the sentence that introduces them: "… is made … by and between Acme Corp.,
/// a Delaware corporation (“Acme”), and Jane Doe (“Employee”)." Each party is the name before its description
/// (a comma clause, a parenthesis). Agreements say this once, near the start, so only the first pages are read.
/// </summary>
public static partial class PartiesHeuristic
{
    private const int CharsRead = 6000;

    // The sentence ends at a full stop that does not close an initial or an abbreviation (Jane Q. Doe, Acme Inc.).
    [GeneratedRegex(@"\b(?:by\s+and\s+)?between\s+(?<list>.{3,400}?)(?:(?<!\b(?:[A-Z]|Inc|Corp|Co|Ltd|Jr|Sr|Mr|Mrs|Ms|Dr|No|St|L\.L\.C|N\.V|S\.A|B\.V))\.\s|WHEREAS|RECITALS|W\s?I\s?T\s?N\s?E\s?S\s?S)", RegexOptions.Singleline)]
    private static partial Regex Between();

    [GeneratedRegex(@"\s+and\s+|;")]
    private static partial Regex Separator();

    [GeneratedRegex(@"\(|[“""]|,\s*(?:a|an|with|having|located|whose|residing|an\s+individual|its|the)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DescriptionStart();

    public static Cell? Extract(DocumentContent content)
    {
        var text = DocumentText.Joined(content);
        if (text.Length > CharsRead) text = text[..CharsRead];
        var m = Between().Match(text);
        if (!m.Success) return null;
        var parties = new List<string>();
        foreach (var piece in Separator().Split(m.Groups["list"].Value))
        {
            var name = DescriptionStart().Split(piece)[0].Trim(' ', ',', ':');
            if (name.Length is > 2 and < 80 && char.IsUpper(name[0]) && !parties.Contains(name, StringComparer.Ordinal))
                parties.Add(name);
            if (parties.Count == 2) break;
        }
        if (parties.Count == 0) return null;
        var value = new JsonArray(parties.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray());
        // Measured: about two in three names read this way are exactly right.
        var score = parties.Count == 2 ? 0.6 : 0.4;
        return new Cell(value, string.Join("; ", parties), score, PhaseNames.Resolve,
            DocumentText.SourceOf(content, parties[0]), Evidence: new Evidence(EvidenceKinds.Sentence, score));
    }
}
