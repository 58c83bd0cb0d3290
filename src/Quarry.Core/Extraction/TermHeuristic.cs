using System.Text.RegularExpressions;
using Quarry.Core.Documents;
using Quarry.Core.Values;

namespace Quarry.Core.Extraction;

/// <summary>
/// How long an agreement lasts, from the sentence that says so: "for a period of two (2) years", "the term of this
/// Agreement shall be three years", "this Agreement shall remain in effect for 24 months", "this Agreement shall
/// terminate two years after the date hereof". The first such duration in
/// a sentence about the agreement itself is taken; notice periods and survival clauses are not.
/// </summary>
public static partial class TermHeuristic
{
    [GeneratedRegex(@"\b(?:for\s+a\s+(?:period|term)\s+of|term\s+of\s+(?:this\s+agreement\s+)?(?:shall\s+be|is)|remain\s+in\s+(?:full\s+force\s+and\s+)?effect\s+(?:for|until\s+the\s+expiration\s+of)|period\s+of)\s+(?<duration>[^.;]{1,40}?\b(?:years?|months?|weeks?|days?)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex TermSentence();

    /// <summary>"This Agreement shall terminate two years after …", "… shall expire seven (7) years from the Effective Date".</summary>
    [GeneratedRegex(@"\b(?:shall|will)\s+(?:terminate|expire|end)\s+(?:in\s+its\s+entirety\s+)?(?:on\s+the\s+date\s+that\s+is\s+)?(?<duration>(?:[\w-]+\s+)?(?:\(\d+\)\s+)?(?:years?|months?|weeks?|days?))\s+(?:after|from|following)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EndSentence();

    [GeneratedRegex(@"\b(?:notice|survive|thereafter|prior\s+written)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotTheTerm();

    public static Cell? Extract(DocumentContent content)
    {
        var text = DocumentText.Joined(content);
        foreach (var m in TermSentence().Matches(text).Concat(EndSentence().Matches(text)).OrderBy(m => m.Index))
        {
            // The sentence must be about the agreement itself, not an obligation inside it.
            var before = text[Math.Max(0, m.Index - 80)..m.Index];
            if (NotTheTerm().IsMatch(before) || !(before + m.Value).Contains("agreement", StringComparison.OrdinalIgnoreCase)) continue;
            var phrase = m.Groups["duration"].Value;
            if (!DurationValue.TryParse(phrase, out _)) continue;
            return new Cell(TypedMatchers.RawValue(phrase), phrase, 0.55, PhaseNames.Resolve,
                DocumentText.SourceOf(content, phrase.Split(' ')[0]), Evidence: new Evidence(EvidenceKinds.Sentence, 0.55));
        }
        return null;
    }
}
