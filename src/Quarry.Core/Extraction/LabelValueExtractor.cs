using Quarry.Core.Documents;
using Quarry.Core.Schemas;
using Quarry.Core.Values;

namespace Quarry.Core.Extraction;

/// <summary>
/// The deterministic extractor of phase 1: a field's label (its name, aliases and the labels its meaning brings,
/// look-alikes refused), then its value to the right on the same line, in the next column, or on the line below;
/// typed patterns for self-evident types (e-mail, IBAN, dates…) when no label is found; and for fields no label
/// announces (an issuer, an agreement's law, parties and term) the heuristics that read them. Every candidate
/// carries a score from how it was found; ambiguity between different values lowers it. See docs/extraction.md.
/// </summary>
public sealed class LabelValueExtractor(DateOrder dateOrder = DateOrder.DayFirst)
{
    private const double SameLine = 0.92;
    private const double LineBelow = 0.82;
    private const double InterveningWordsPenalty = 0.2;
    private const double AmbiguityPenalty = 0.15;
    private const double EmbeddedLabelPenalty = 0.1;
    private const double TableRowPenalty = 0.1;
    private const double AcrossColumnPenalty = 0.05;
    private const double UniquePatternOnly = 0.6;
    private const double AmbiguousPatternOnly = 0.35;
    // A total only the receipt's arithmetic gives (tender − change, printed above the tender), with no label of its own.
    private const double ArithmeticLabelledTender = 0.8;
    private const double ArithmeticBareTender = 0.7;

    private static readonly HashSet<string> QualifierWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "incl", "incl.", "including", "inclusive", "excl", "excl.", "gst", "vat", "tax", "mwst", "btw", "tva", "iva", "of", "amount", "amt", "due",
        "payable", "sales", "rounded", "net", "nett", "grand", "final", "include", "includes",
    };

    private static readonly string[] ExcludingWords = ["excl", "exclud", "before", "less", "ohne", "hors", "exkl", "sin"];

    private sealed record Candidate(string Text, double Score, CellSource Source, string Kind);

    public Cell? Extract(FieldDefinition field, DocumentContent content)
    {
        var intent = FieldSemantics.Of(field);
        var candidates = LabelCandidates(field, intent, content);
        // The first date on a page is the date of issue, never the due date: a due date needs its label.
        if (candidates.Count == 0 && TypedMatchers.IsSelfEvident(field.Type) && intent != FieldIntent.DueDate)
            candidates.AddRange(PatternOnly(field, intent, content));
        if (Unlabelled(intent, content, candidates) is { } read)
            return read;
        // Tender less change, printed: a receipt's own check of its total (read once, only for totals).
        var implied = intent == FieldIntent.Total ? ReceiptArithmetic.Find(content) : null;
        if (candidates.Count == 0)
            return implied is { } only ? ArithmeticCell(only.Printed, ArithmeticOnly(only)) : null;

        // Equal evidence: totals are the lowest on the page, everything else the first.
        var ordered = FieldSemantics.PrefersLowest(intent)
            ? candidates.OrderByDescending(c => Math.Round(c.Score, 2)).ThenByDescending(c => c.Source.Page).ThenByDescending(c => c.Source.Bbox.Y0)
            : candidates.OrderByDescending(c => c.Score);
        var best = ordered.First();
        var score = best.Score;
        // Read once, when first needed: the rounded amount a receipt prints after its rounding line below the best.
        var top = best;
        var rounded = new Lazy<(string Text, CellSource Source)?>(() => CashRounding.RoundedTotal(content, top.Text, top.Source));
        if (candidates.Any(c => c.Score >= best.Score - 0.05 && !string.Equals(c.Text, best.Text, StringComparison.OrdinalIgnoreCase)
            && !IsRoundingOf(c, rounded.Value)))
            score -= AmbiguityPenalty;
        // The amount payable after cash rounding is the total, where the receipt prints it.
        if (intent == FieldIntent.Total && rounded.Value is { } r)
            best = best with { Text = r.Text, Source = r.Source };
        // The arithmetic outweighs the label where they disagree: a candidate that states the implied total is taken
        // over a better-placed one (a column heading's "TOTAL" over the first item, a tax line "TOTAL INCLUDED GST"),
        // and where change was given the difference outweighs every label (two amounts that happen to differ by a total
        // printed above them are rare), as it does a "total" stated below the change, where receipts print notes ("TOTAL
        // INCLUDED GST @ 6% : 1.42") — but not by the difference of a cash rounding, whose two sides CashRounding weighs.
        if (implied is { } imp && !SameAmount(best.Text, imp.Total))
        {
            var agreeing = candidates.Where(c => SameAmount(c.Text, imp.Total)).MaxBy(c => c.Score);
            if (agreeing is not null)
                return ArithmeticCell(agreeing.Source, Math.Max(agreeing.Score, best.Score), agreeing.Text);
            if ((imp.Change > 0 || StatedBelow(best.Source, imp.ChangeLine)) && !CashRounding.IsAdjustment(best.Text, imp.Total))
                return ArithmeticCell(imp.Printed, ArithmeticOnly(imp));
        }
        score = Math.Round(Math.Clamp(score, 0, 1), 4);
        return new Cell(TypedMatchers.RawValue(best.Text), best.Text, score, PhaseNames.Resolve, best.Source, Evidence: new Evidence(best.Kind, score));
    }

    private static double ArithmeticOnly(ReceiptArithmetic.Implied implied) => implied.TenderLabelled ? ArithmeticLabelledTender : ArithmeticBareTender;

    private static Cell ArithmeticCell(CellSource source, double score, string? text = null)
    {
        text ??= source.Text;
        score = Math.Round(Math.Clamp(score, 0, 1), 4);
        return new Cell(TypedMatchers.RawValue(text), text, score, PhaseNames.Resolve, source, Evidence: new Evidence(EvidenceKinds.Arithmetic, score));
    }

    private static bool StatedBelow(CellSource value, CellSource line) => value.Page == line.Page && (value.Bbox.Y0 + value.Bbox.Y1) / 2 > line.Bbox.Y1;

    private static bool SameAmount(string text, decimal value) =>
        AmountValue.TryFind(text, out var a, out _, out _) && a.Value == value;

    /// <summary>Two totals that differ by a printed rounding adjustment are one total, not a doubt.</summary>
    private static bool IsRoundingOf(Candidate other, (string Text, CellSource Source)? rounded) =>
        rounded is { } r && AmountValue.TryFind(other.Text, out var o, out _, out _)
        && AmountValue.TryFind(r.Text, out var v, out _, out _) && o.Value == v.Value;

    /// <summary>Every place a label of the field is followed by a value of its type.</summary>
    private List<Candidate> LabelCandidates(FieldDefinition field, FieldIntent intent, DocumentContent content)
    {
        var labels = FieldLabels.For(field);
        var impostors = FieldSemantics.ImpostorsFor(intent).Select(FieldLabels.Tokens).ToList();
        var candidates = new List<Candidate>();
        foreach (var page in content.Pages)
        {
            for (var li = 0; li < page.Lines.Count; li++)
            {
                var words = SplitNumberMarkers(page.Lines[li].Words);
                var norm = words.Select(w => FieldLabels.Normalize(w.Text)).ToArray();
                for (var wi = 0; wi < words.Count; wi++)
                {
                    var labelLength = MatchLabel(norm, wi, labels);
                    if (labelLength == 0) continue;
                    var labelEnd = wi + labelLength;
                    wi = labelEnd - 1;
                    // A parenthesis after the label qualifies it: "TOTAL (GST INCL)" is a total, not "total gst".
                    var phrase = labelEnd < words.Count && words[labelEnd].Text.StartsWith('(') ? norm[..labelEnd] : norm;
                    if (IsImpostor(phrase, labelEnd - labelLength, labelEnd, impostors))
                        continue;
                    var start = labelEnd - labelLength;
                    // "TOTAL EXCLUDED TAX :" announces the amount before tax: no value of it, on its line or below, is the total.
                    if (intent == FieldIntent.Total && words.Skip(labelEnd).TakeWhile(w => !w.Text.Any(char.IsDigit)).Any(w => IsExcluding(w.Text)))
                        continue;
                    var right = ValueWords(words, labelEnd, page);
                    var c = right.Count > 0 ? Typed(field, intent, right, page, SameLine, EvidenceKinds.Label, RestOfLine(words, right)) : null;
                    // Under a "GST SUMMARY" heading a "TOTAL" sums the tax table, not the document.
                    if (c is not null && field.Type.IsNumeric() && InSummary(page, li))
                        c = c with { Score = c.Score - TableRowPenalty };
                    // The label's own words ("TOTAL INCL. OF GST") may fill its column and the value stand in the next one.
                    if (c is null && right.Count > 0 && right.Count < words.Count - labelEnd)
                        c = Typed(field, intent, words.Skip(labelEnd).ToList(), page, SameLine - AcrossColumnPenalty, EvidenceKinds.Label);
                    // A header row of labels ("Invoice Date:   Due Date:   Reference:") has its values on the line below. Free
                    // text after a label in a sentence is not such a row: a text field reads below only when nothing follows
                    // its label or what follows stands apart, in the next column.
                    if (c is null && (field.Type != FieldType.String || right.Count == 0
                        || right[0].Box.X0 - words[labelEnd - 1].Box.X1 > 3 * Math.Max(right[0].Box.Height, 0.5)))
                        c = BelowCandidate(field, intent, page, li, words[start].Box);
                    // A label inside running text ("… included in total RM 0.75") is weaker than one that starts its line or column.
                    if (c is not null && start > 0 && words[start].Box.X0 - words[start - 1].Box.X1 < 2 * Math.Max(words[start].Box.Height, 0.5))
                        c = c with { Score = c.Score - EmbeddedLabelPenalty };
                    if (c is not null) candidates.Add(c);
                }
            }
        }
        return candidates;
    }

    /// <summary>Fields that documents state without a label, read by what their sentences or positions say.</summary>
    private Cell? Unlabelled(FieldIntent intent, DocumentContent content, List<Candidate> candidates) => intent switch
    {
        FieldIntent.Issuer when candidates.Count == 0 => IssuerHeuristic.Extract(content),
        FieldIntent.Address when candidates.Count == 0 => AddressHeuristic.Extract(content),
        FieldIntent.Term => TermHeuristic.Extract(content),
        // The sentence that makes the agreement outranks the first date on the page, not a labelled one as strong as it.
        FieldIntent.EffectiveDate when EffectiveDateHeuristic.Extract(content, dateOrder) is { } made
            && candidates.All(c => c.Kind == EvidenceKinds.Pattern || c.Score <= made.Confidence) => made,
        FieldIntent.Jurisdiction when JurisdictionHeuristic.Extract(content) is { } place
            && (candidates.Count == 0 || place.Confidence >= candidates.Max(c => c.Score)) => place,
        _ => null,
    };

    private static readonly string[] SummaryWords = ["summary", "zusammenfassung", "récapitulatif", "recapitulatif", "overzicht", "resumen"];

    private static bool InSummary(Page page, int lineIndex)
    {
        for (var i = Math.Max(0, lineIndex - 4); i < lineIndex; i++)
        {
            if (page.Lines[i].Words.Any(w => SummaryWords.Any(x => w.Text.Trim(':', '.').Equals(x, StringComparison.OrdinalIgnoreCase))))
                return true;
        }
        return false;
    }

    private static bool IsTableRow(string rest)
    {
        var next = AmountValue.FindAll(rest).Select(a => (int?)a.Index).FirstOrDefault();
        if (next is not { } at)
            return false;
        var before = rest[..at].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return !before.Any(w => w.Count(char.IsLetter) >= 3 && !IsQualifier(w));
    }

    private static bool IsExcluding(string word) =>
        ExcludingWords.Any(x => word.TrimStart('(').StartsWith(x, StringComparison.OrdinalIgnoreCase));

    /// <summary>A word that qualifies a label rather than standing between it and its value; "SALES(INCLUSIVE" is two.</summary>
    private static bool IsQualifier(string word)
    {
        var parts = word.Split('(', ')');
        if (parts.Length > 1 && parts.Count(p => p.Length > 0) > 1)
            return parts.Where(p => p.Length > 0).All(IsQualifier);
        var w = word.Trim(':', ',', '(', ')', '[', ']');
        return w.Length == 0 || word.Contains('%', StringComparison.Ordinal) || word.StartsWith('(') || word.EndsWith(')')
            || QualifierWords.Contains(w) || CurrencyCodes.Normalize(w) is not null;
    }

    private Candidate? BelowCandidate(FieldDefinition field, FieldIntent intent, Page page, int lineIndex, Box label)
    {
        if (lineIndex + 1 >= page.Lines.Count) return null;
        var next = page.Lines[lineIndex + 1];
        var lineHeight = Math.Max(label.Height, 0.5);
        if (next.Box.Y0 - label.Y1 > 3 * lineHeight) return null;
        // Words of the next line starting under the label (with a little slack to the left).
        var start = next.Words.Select((w, i) => (w, i)).FirstOrDefault(x => x.w.Box.X1 >= label.X0 - lineHeight);
        if (start.w is null) return null;
        var words = ValueWords(next.Words, start.i, page);
        return words.Count > 0 ? Typed(field, intent, words, page, LineBelow, EvidenceKinds.LabelBelow) : null;
    }

    /// <summary>The words of the line past <paramref name="taken"/> (separators skipped before them count as taken).</summary>
    private static IEnumerable<Word> RestOfLine(IReadOnlyList<Word> words, List<Word> taken)
    {
        var last = taken.Count == 0 ? -1 : IndexOf(words, taken[^1]);
        return last < 0 ? [] : words.Skip(last + 1);

        static int IndexOf(IReadOnlyList<Word> words, Word word)
        {
            for (var i = 0; i < words.Count; i++)
            {
                if (ReferenceEquals(words[i], word)) return i;
            }
            return -1;
        }
    }

    /// <summary>The words after a label: separators skipped, cut at the first gap wide enough to start another column.</summary>
    private static List<Word> ValueWords(IReadOnlyList<Word> words, int from, Page page)
    {
        var list = new List<Word>();
        for (var i = from; i < words.Count; i++)
        {
            var w = words[i];
            if (list.Count == 0 && w.Text is ":" or "-" or "#" or "=" or "–")
                continue;
            if (list.Count > 0 && w.Box.X0 - list[^1].Box.X1 > 3 * Math.Max(w.Box.Height, 0.5))
                break;
            list.Add(w);
        }
        return list;
    }

    /// <param name="restOfLine">Words of the same line past <paramref name="words"/> (after a column gap), which can make it a table row.</param>
    private Candidate? Typed(FieldDefinition field, FieldIntent intent, List<Word> words, Page page, double baseScore, string kind,
        IEnumerable<Word>? restOfLine = null)
    {
        var (text, starts) = Join(words);
        var m = intent == FieldIntent.InvoiceNumber && field.Type == FieldType.String
            ? TypedMatchers.FindIdentifier(text)
            : TypedMatchers.Find(field, text, dateOrder);
        if (m is not { } match) return null;
        var used = words.Where((w, i) => starts[i] < match.Index + match.Length && starts[i] + w.Text.Length > match.Index).ToList();
        var between = words.TakeWhile((w, i) => starts[i] + w.Text.Length <= match.Index).ToList();
        // "Total sales (excluding GST)" announces the amount before tax, whatever the label's first word said.
        if (intent == FieldIntent.Total && between.Any(w => IsExcluding(w.Text)))
            return null;
        // Words between label and value weaken the link, except qualifiers of the label itself: "(incl. GST)", "6%", "RM".
        var skipped = between.Count(w => !IsQualifier(w.Text));
        var score = baseScore * (0.75 + 0.25 * match.Strictness) - (skipped > 0 ? InterveningWordsPenalty : 0);
        // An amount followed by more amounts on its line, near or past a column gap, is a row of a table (a tax summary's
        // "TOTAL : 4.60   0.28"), not the line that states the amount — unless a label of its own announces the next
        // amount ("Excl. VAT € 593,36   Subtotal € 717,97": two statements side by side).
        if (field.Type.IsNumeric() && IsTableRow(text[(match.Index + match.Length)..] + " " + string.Join(' ', (restOfLine ?? []).Select(w => w.Text))))
            score -= TableRowPenalty;
        var value = text.Substring(match.Index, match.Length).Trim();
        if (field.Type == FieldType.String && LooksLikeProse(value))
            return null;
        if (intent == FieldIntent.Address && !AddressHeuristic.LooksLikeAddress(value))
            return null;
        return new Candidate(value, score, new CellSource(page.Number, Box.UnionAll(used.Select(w => w.Box)), string.Join(' ', used.Select(w => w.Text))), kind);
    }

    private IEnumerable<Candidate> PatternOnly(FieldDefinition field, FieldIntent intent, DocumentContent content)
    {
        var found = new List<Candidate>();
        foreach (var (page, line) in content.AllLines())
        {
            if (Typed(field, intent, line.Words.ToList(), page, 1.0, EvidenceKinds.Pattern) is { } c)
                found.Add(c);
        }
        var distinct = found.Select(c => c.Text).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        var score = distinct == 1 ? UniquePatternOnly : AmbiguousPatternOnly;
        return found.Take(1).Select(c => c with { Score = score });
    }

    private static readonly HashSet<string> FunctionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "of", "and", "to", "be", "by", "for", "in", "shall", "will", "any", "that", "such", "or", "with", "this", "is", "are", "as", "which",
        "der", "die", "das", "und", "le", "la", "les", "et", "het", "een", "el", "los", "y",
    };

    /// <summary>
    /// A label met inside a sentence ("… the law of that jurisdiction") is followed by the rest of the sentence, not by a
    /// value: a text field's value with several function words in it is prose.
    /// </summary>
    private static bool LooksLikeProse(string value) =>
        value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(w => FunctionWords.Contains(w.Trim(',', '.', ';', ':', '(', ')'))) >= 3;

    private static readonly string[] NumberMarkers = ["n°", "nº", "no.", "no:", "nr.", "nr:", "#"];

    /// <summary>
    /// "n°562044387", "No.4711", "#A-17": a number marker glued to its value is split off, so "Facture n°" reads as
    /// a label and the rest as its value. The box is shared out in proportion to the characters.
    /// </summary>
    private static IReadOnlyList<Word> SplitNumberMarkers(IReadOnlyList<Word> words)
    {
        List<Word>? result = null;
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            var marker = NumberMarkers.FirstOrDefault(m => w.Text.Length > m.Length
                && w.Text.StartsWith(m, StringComparison.OrdinalIgnoreCase) && char.IsLetterOrDigit(w.Text[m.Length]));
            if (marker is null)
            {
                result?.Add(w);
                continue;
            }
            result ??= words.Take(i).ToList();
            var cut = w.Box.X0 + w.Box.Width * marker.Length / w.Text.Length;
            result.Add(w with { Text = w.Text[..marker.Length], Box = w.Box with { X1 = cut } });
            result.Add(w with { Text = w.Text[marker.Length..], Box = w.Box with { X0 = cut } });
        }
        return result ?? words;
    }

    /// <summary>True when the matched label is part of a longer phrase that means something else ("sub total", "tax invoice").</summary>
    private static bool IsImpostor(string[] words, int start, int end, List<string[]> impostors)
    {
        foreach (var phrase in impostors)
        {
            for (var at = Math.Max(0, start - phrase.Length + 1); at < end && at + phrase.Length <= words.Length; at++)
            {
                if (MatchLabel(words, at, [phrase]) > 0)
                    return true;
            }
        }
        return false;
    }

    private static int MatchLabel(string[] words, int at, IReadOnlyList<string[]> labels)
    {
        foreach (var label in labels)
        {
            if (at + label.Length > words.Length) continue;
            var ok = true;
            for (var k = 0; k < label.Length && ok; k++)
                ok = string.Equals(words[at + k], label[k], StringComparison.Ordinal);
            if (ok) return label.Length;
        }
        return 0;
    }

    private static (string Text, int[] Starts) Join(List<Word> words)
    {
        var starts = new int[words.Count];
        var pos = 0;
        for (var i = 0; i < words.Count; i++)
        {
            starts[i] = pos;
            pos += words[i].Text.Length + 1;
        }
        return (string.Join(' ', words.Select(w => w.Text)), starts);
    }
}
