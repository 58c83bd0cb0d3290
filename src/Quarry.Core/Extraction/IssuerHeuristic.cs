using System.Text.RegularExpressions;
using Quarry.Core.Documents;

namespace Quarry.Core.Extraction;

/// <summary>
/// The issuer of a document (company, vendor, merchant) when no label names it: a line near the top of the first
/// page that reads like a business name — a legal form (Ltd, GmbH, Sdn Bhd, …), capitals, a larger type — and not
/// like a heading, a date or contact details. Evidence adds up; a close runner-up lowers the confidence. Names set on
/// two or three lines ("POPULAR BOOK" / "CO. (M) SDN BHD") are joined; registration numbers are left out.
/// </summary>
public static partial class IssuerHeuristic
{
    private const int LinesConsidered = 8;

    [GeneratedRegex(@"\b(LTD|LIMITED|LLC|L\.L\.C|INC|INCORPORATED|CORP|CORPORATION|CO|COMPANY|PLC|LLP|GMBH|AG|KG|UG|SA|SAS|SARL|SRL|SPA|BV|B\.V|NV|N\.V|AB|AS|OY|PTY|PTE|SDN|BHD|BERHAD|ENTERPRISES?|TRADING|HOLDINGS?|GROUP|INDUSTRIES|STORE|MART|RESTAURANT|CAFE|BAKERY|PHARMACY|HARDWARE|STATIONERY|SUPERMARKET|HYPERMARKET)\b\.?", RegexOptions.IgnoreCase)]
    private static partial Regex LegalForm();

    /// <summary>The forms that end a company's legal name: after one of them the name is complete.</summary>
    [GeneratedRegex(@"\b(LTD|LIMITED|LLC|L\.L\.C|INC|INCORPORATED|CORP|CORPORATION|PLC|LLP|GMBH|AG|KG|UG|SAS|SARL|SRL|SPA|BV|B\.V|NV|N\.V|PTY|PTE|BHD|BERHAD)\b\.?", RegexOptions.IgnoreCase)]
    private static partial Regex EndingForm();

    /// <summary>A registration number printed after the name: "ACME SDN BHD (123456-X)", "ACME SDN BHD 862725-U".</summary>
    [GeneratedRegex(@"\s*(?:[\(\[][^()\[\]]*\d[^()\[\]]*[\)\]]|\b\d{4,}-?[A-Z]{1,2})\s*$")]
    private static partial Regex TrailingRegistration();

    /// <summary>A line stating a registration number ("COMPANY NO : 256628-W", "REG. NO. 725186-V") is not the name.</summary>
    [GeneratedRegex(@"\b(COMPANY|CO|REG|REGISTRATION|ROC|BR|GST|SST)\.?\s*(NO|NUMBER|ID)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RegistrationLine();

    [GeneratedRegex(@"\b(INVOICE|RECEIPT|TAX|BILL|DATE|TEL|PHONE|FAX|EMAIL|E-MAIL|WWW|HTTP|GST|VAT|REG|NO\.|PAGE|CASHIER|TABLE|ORDER|QUOTATION|STATEMENT|THANK)\b|@", RegexOptions.IgnoreCase)]
    private static partial Regex NotAName();

    /// <summary>Where the issuer's name stands: its page, the lines it takes, and the raw evidence score.</summary>
    public sealed record NameBlock(Page Page, IReadOnlyList<Line> Lines, double Score);

    public static Cell? Extract(DocumentContent content)
    {
        if (Locate(content) is not { } found)
            return null;
        var text = TrailingRegistration().Replace(string.Join(' ', found.Lines.Select(l => l.Text)), "").Trim();
        return new Cell(TypedMatchers.RawValue(text), text, found.Score, PhaseNames.Resolve,
            new CellSource(found.Page.Number, Box.UnionAll(found.Lines.Select(l => l.Box)), text), Evidence: new Evidence(EvidenceKinds.Layout, found.Score));
    }

    public static NameBlock? Locate(DocumentContent content)
    {
        var page = content.Pages.FirstOrDefault(p => p.Lines.Count > 0);
        if (page is null) return null;
        var heights = page.Lines.Select(l => l.Box.Height).Order().ToList();
        var median = heights[heights.Count / 2];
        var scored = page.Lines.Take(LinesConsidered)
            .Where(l => l.Box.Y0 < page.Height * 0.35)
            .Select((l, i) => (Line: l, Score: Score(l, i, median)))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score)
            .ToList();
        if (scored.Count == 0) return null;
        var best = scored[0];
        var confidence = Math.Min(best.Score, 0.85);
        if (scored.Count > 1 && scored[1].Score > best.Score - 0.1)
            confidence -= 0.15;
        var lines = NameLines(page.Lines, page.Lines.ToList().IndexOf(best.Line));
        return new NameBlock(page, lines, Math.Round(Math.Max(confidence, 0.05), 4));
    }

    private const int MaxNameLines = 3;

    /// <summary>
    /// The line found and the lines its name goes on over: the line above when the found one starts with a legal form
    /// or "&amp;" (the name's first words stand above it), the lines below until the legal form that ends a name
    /// when the found one has none yet or ends in "&amp;". Only lines set close, of words without figures.
    /// </summary>
    private static List<Line> NameLines(IReadOnlyList<Line> all, int at)
    {
        var lines = new List<Line> { all[at] };
        var first = all[at].Words[0].Text;
        if (at > 0 && (LegalForm().IsMatch(first) && LegalForm().Match(all[at].Text).Index == 0 || first == "&") && Continues(all[at - 1], all[at]))
            lines.Insert(0, all[at - 1]);
        var text = string.Join(' ', lines.Select(l => l.Text));
        if (EndingForm().IsMatch(text) && !text.EndsWith('&'))
            return lines;
        var below = new List<Line>();
        for (var i = at + 1; i < all.Count && lines.Count + below.Count < MaxNameLines && Continues(all[i - 1], all[i]); i++)
            below.Add(all[i]);
        // After a closing "&" the next line finishes the name; otherwise the lines up to the legal form that ends it.
        var take = text.EndsWith('&') ? Math.Min(1, below.Count) : below.FindIndex(l => EndingForm().IsMatch(l.Text)) + 1;
        lines.AddRange(below.Take(take));
        return lines;
    }

    /// <summary>A line that carries a name on: set close under the other, letters only (figures in brackets aside), not a label.</summary>
    private static bool Continues(Line above, Line below)
    {
        var gap = below.Box.Y0 - above.Box.Y1;
        var text = TrailingRegistration().Replace(below.Text, "");
        return gap < 0.8 * Math.Max(above.Box.Height, below.Box.Height)
            && text.Count(char.IsLetter) >= 2 && !text.Any(char.IsDigit)
            && !NotAName().IsMatch(below.Text) && !RegistrationLine().IsMatch(below.Text)
            && !NotAName().IsMatch(above.Text) && !RegistrationLine().IsMatch(above.Text);
    }

    private static double Score(Line line, int index, double medianHeight)
    {
        var text = line.Text;
        var letters = text.Count(char.IsLetter);
        if (letters < 3 || letters < text.Count(char.IsDigit) || NotAName().IsMatch(text) && !LegalForm().IsMatch(text)
            || RegistrationLine().IsMatch(TrailingRegistration().Replace(text, "")))
            return 0;
        var score = 0.35;
        if (LegalForm().IsMatch(text)) score += 0.35;
        if (text.Where(char.IsLetter).All(char.IsUpper)) score += 0.05;
        if (line.Box.Height > medianHeight * 1.2) score += 0.1;
        score -= 0.03 * index;
        return score;
    }
}
