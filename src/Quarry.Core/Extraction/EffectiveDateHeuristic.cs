using System.Text.RegularExpressions;
using Quarry.Core.Documents;
using Quarry.Core.Values;

namespace Quarry.Core.Extraction;

/// <summary>
/// The date an agreement takes effect, from the sentence that makes it: a date named "the Effective Date" ("… as of
/// June 1, 2012 (the “Effective Date”)"), else the first date the agreement is made, entered into, dated or effective
/// as of ("This Agreement is made as of the 4th day of May 2005"). The first date on a page is often a filing stamp or
/// an exhibit's date instead, so such a sentence outranks a date found by its pattern alone.
/// </summary>
public static partial class EffectiveDateHeuristic
{
    public const double Named = 0.8;
    public const double Made = 0.65;

    /// <summary>The date is given the name: "(the "Effective Date")", "(hereinafter the Effective Date)".</summary>
    [GeneratedRegex(@"^[\s,]{0,3}\(?\s*(?:hereinafter\s+)?(?:referred\s+to\s+as\s+)?(?:the\s+|this\s+)?[""“”']?\s*effective\s+date\b", RegexOptions.IgnoreCase)]
    private static partial Regex NamedEffective();

    /// <summary>The agreement made or dated on the date: "made as of", "entered into this", "dated", "effective on".</summary>
    [GeneratedRegex(@"\b(?:made|entered\s+into|dated|effective|executed|signed)\b(?:\s+(?:and\s+entered\s+into|as\s+of|on|this|agreement|effective|to\s+be|the|day|of))*\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex MadeOn();

    /// <summary>The sentence speaks of this agreement ("This Agreement is made", "dated this 11th day", "IN WITNESS WHEREOF").</summary>
    [GeneratedRegex(@"\b(?:this|hereby|hereto|hereof|witness)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ThisAgreement();

    /// <summary>Another agreement's date: one this agreement refers to, replaces or follows from.</summary>
    [GeneratedRegex(@"\b(?:that\s+certain|prior|existing|previous|original|replac\w*|supersed\w*|pursuant|reference\s+is\s+made|parties\s+to|amend\w*|under\s+the)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AnotherAgreement();

    /// <summary>The date given another name: "(the “Merger Agreement”)", "(“Separation Date”)".</summary>
    [GeneratedRegex(@"^[\s,]{0,3}\(\s*(?:the\s+)?[""“”']", RegexOptions.IgnoreCase)]
    private static partial Regex NamedOtherwise();

    [GeneratedRegex(@"[.;:]\s+(?=[A-Z0-9(“""])")]
    private static partial Regex SentenceStart();

    public static Cell? Extract(DocumentContent content, DateOrder order)
    {
        var text = DocumentText.Joined(content);
        (string Phrase, double Score)? best = null;
        for (var pos = 0; pos < text.Length && DateValue.TryFind(text[pos..], order, out _, out var at, out var length);)
        {
            var index = pos + at;
            pos = index + length;
            var after = text.Substring(index + length, Math.Min(60, text.Length - index - length));
            var before = text[Math.Max(0, index - 60)..index];
            var score = NamedEffective().IsMatch(after) ? Named : MadeOn().IsMatch(before) && MakesThis(text, index, after) ? Made : 0;
            if (score > (best?.Score ?? 0))
                best = (text.Substring(index, length), score);
            if (score >= Named) break;
        }
        if (best is not { } b)
            return null;
        return new Cell(TypedMatchers.RawValue(b.Phrase), b.Phrase, b.Score, PhaseNames.Resolve,
            DocumentText.SourceOf(content, b.Phrase), Evidence: new Evidence(EvidenceKinds.Sentence, b.Score));
    }

    /// <summary>The making sentence is this agreement's, not a mention of another one made or dated on that day.</summary>
    private static bool MakesThis(string text, int index, string after)
    {
        var window = text[Math.Max(0, index - 200)..index];
        var starts = SentenceStart().Matches(window);
        var sentence = starts.Count > 0 ? window[(starts[^1].Index + starts[^1].Length)..] : window;
        return ThisAgreement().IsMatch(sentence) && !AnotherAgreement().IsMatch(sentence) && !NamedOtherwise().IsMatch(after);
    }
}
