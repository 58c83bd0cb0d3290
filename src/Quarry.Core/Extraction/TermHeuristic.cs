using System.Text.RegularExpressions;
using Quarry.Core.Documents;
using Quarry.Core.Values;

namespace Quarry.Core.Extraction;

/// <summary>
/// How long an agreement lasts, from the sentence that says so: "for a period of two (2) years", "the term of this
/// Agreement shall be three years", "this Agreement shall remain in effect for 24 months", "this letter agreement shall
/// expire upon the date that is two years after the date hereof", "until the third anniversary of the Effective Date".
/// Every duration in years or months is weighed by its sentence — does it speak of the agreement or its term, with a
/// verb of lasting or ending, counted from the agreement's date — and the best one is taken. A duration in days or
/// weeks is a notice, review or cure period, not a term; one that runs after the term or after an employment ("and for
/// two years thereafter", "after termination of employment") is a restriction that outlives the agreement.
/// </summary>
public static partial class TermHeuristic
{
    private const int Window = 300;
    private const int MinimumScore = 3;

    /// <summary>What the sentence is about: the agreement ("this Non-Disclosure Agreement"), its term, or the obligations under it.</summary>
    [GeneratedRegex(@"\b(?:this\s+(?:[\w-]+\s+){0,2}?(?:agreement|nda|undertaking)|the\s+(?:letter\s+)?(?:agreement|nda)|term|hereunder|obligations?|restrictions)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Subject();

    /// <summary>A verb of lasting or ending, or the duration introduced as a period.</summary>
    [GeneratedRegex(@"\b(?:terminat\w*|expir\w*|continu\w*|remain\w*|effective|in\s+(?:full\s+)?(?:force|effect)|surviv\w*|valid|be\s+for|shall\s+be|extend\w*)\b|\b(?:for|until|upon|during)\s+(?:(?:a|the)\s+(?:(?:period|term)\s+of\s+)?)?(?:the\s+date\s+that\s+is\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Lasting();

    /// <summary>Counted from the agreement's own date: "from the date hereof", "after the Effective Date", "of this Agreement".</summary>
    [GeneratedRegex(@"^\W{0,3}(?:\w+\W+){0,3}?(?:from|after|following|of)\s+(?:the\s+|such\s+|its\s+)?(?:date\b|effective\s+date|execution|this\s+(?:letter\s+)?agreement|hereof)", RegexOptions.IgnoreCase)]
    private static partial Regex FromItsDate();

    /// <summary>
    /// The agreement's length stated outright, with no date to count from needed: "the term of this Agreement shall be",
    /// "shall remain in (full force and) effect for", "shall continue in effect for a period of", a sentence of its own that
    /// opens "This Agreement shall be effective … for" or "… shall commence when executed and continue for".
    /// </summary>
    [GeneratedRegex(@"(?:\bterm\s+of\s+(?:this\s+(?:letter\s+)?agreement\s+)?(?:shall\s+be|is)|\b(?:remain|continue)s?\s+in\s+(?:full\s+)?(?:force|effect)(?:\s+and\s+effect)?)\s+(?:for\s+)?(?:a\s+(?:period|term)\s+of\s+)?$|^\W*this\s+agreement\s+(?:shall|will)\b.{0,80}\b(?:effective|continue|remain)\b.{0,40}\bfor\s+(?:a\s+(?:period|term)\s+of\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex StatedOutright();

    /// <summary>A period that follows the term or an employment, or one announced by a notice.</summary>
    [GeneratedRegex(@"^\W{0,3}(?:\w+\W+){0,3}?(?:thereafter|(?:after|following|from|of)\s+(?:the\s+|any\s+|such\s+|its\s+)?(?:termination|expiration|expiry|cessation|end)\b)|employ", RegexOptions.IgnoreCase)]
    private static partial Regex RunsAfter();

    [GeneratedRegex(@"\bnotice\b.{0,50}$|\bemploy|\bwithin\s*$|\band\s+(?:for\s+)?(?:a\s+|the\s+)?(?:period\s+of\s+)?$|\bup\s+to\s*$|\b(?:less|more)\s+than\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex NotTheTermBefore();

    /// <summary>Where a sentence starts: a full stop or semicolon, then a capital or a clause number.</summary>
    [GeneratedRegex(@"[.;:]\s+(?=[A-Z0-9(“""])")]
    private static partial Regex SentenceStart();

    public static Cell? Extract(DocumentContent content)
    {
        var text = DocumentText.Joined(content);
        (string Phrase, int Score)? best = null;
        for (var pos = 0; pos < text.Length && DurationValue.TryFind(text[pos..], out var iso, out var at, out var length);)
        {
            var index = pos + at;
            pos = index + length;
            if (iso[^1] is not ('Y' or 'M')) continue;
            var score = Weigh(text, index, length);
            // All three signs are needed: with two, four in five durations read in the Kleister NDAs were not the term.
            if (score >= MinimumScore && score > (best?.Score ?? 0))
                best = (text.Substring(index, length), score);
        }
        if (best is not { } b)
            return null;
        const double confidence = 0.7;
        return new Cell(TypedMatchers.RawValue(b.Phrase), b.Phrase, confidence, PhaseNames.Resolve,
            DocumentText.SourceOf(content, b.Phrase.Split(' ')[0]), Evidence: new Evidence(EvidenceKinds.Sentence, confidence));
    }

    /// <summary>0 when the duration is not the agreement's; else one point each for subject, verb and the agreement's date.</summary>
    private static int Weigh(string text, int index, int length)
    {
        var window = text[Math.Max(0, index - Window)..index];
        var starts = SentenceStart().Matches(window);
        var sentence = starts.Count > 0 ? window[(starts[^1].Index + starts[^1].Length)..] : window;
        var heading = window[..(window.Length - sentence.Length)];
        heading = heading[Math.Max(0, heading.Length - 40)..];
        var after = text.Substring(index + length, Math.Min(120, text.Length - index - length));
        if (NotTheTermBefore().IsMatch(sentence) || RunsAfter().IsMatch(after[..Math.Min(50, after.Length)]))
            return 0;
        var score = 0;
        if (Subject().IsMatch(sentence) || Regex.IsMatch(heading, @"\bterm\b", RegexOptions.IgnoreCase)) score++;
        if (Lasting().IsMatch(sentence)) score++;
        if (FromItsDate().IsMatch(after) || StatedOutright().IsMatch(sentence)) score++;
        return score;
    }
}
