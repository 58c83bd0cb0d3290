using System.Text.RegularExpressions;
using Quarry.Core.Documents;

namespace Quarry.Core.Extraction;

/// <summary>
/// The issuer of a document (company, vendor, merchant) when no label names it: a line near the top of the first
/// page that reads like a business name — a legal form (Ltd, GmbH, Sdn Bhd, …), capitals, a larger type — and not
/// like a heading, a date or contact details. Evidence adds up; a close runner-up lowers the confidence.
/// </summary>
public static partial class IssuerHeuristic
{
    private const int LinesConsidered = 8;

    [GeneratedRegex(@"\b(LTD|LIMITED|LLC|L\.L\.C|INC|INCORPORATED|CORP|CORPORATION|CO|COMPANY|PLC|LLP|GMBH|AG|KG|UG|SA|SAS|SARL|SRL|SPA|BV|B\.V|NV|N\.V|AB|AS|OY|PTY|PTE|SDN|BHD|BERHAD|ENTERPRISES?|TRADING|HOLDINGS?|GROUP|INDUSTRIES|STORE|MART|RESTAURANT|CAFE|BAKERY|PHARMACY|HARDWARE|STATIONERY|SUPERMARKET|HYPERMARKET)\b\.?", RegexOptions.IgnoreCase)]
    private static partial Regex LegalForm();

    /// <summary>A registration number printed after the name: "ACME SDN BHD (123456-X)".</summary>
    [GeneratedRegex(@"\s*[\(\[][^()\[\]]*\d[^()\[\]]*[\)\]]\s*$")]
    private static partial Regex TrailingRegistration();

    [GeneratedRegex(@"\b(INVOICE|RECEIPT|TAX|BILL|DATE|TEL|PHONE|FAX|EMAIL|E-MAIL|WWW|HTTP|GST|VAT|REG|NO\.|PAGE|CASHIER|TABLE|ORDER|QUOTATION|STATEMENT|THANK)\b|@", RegexOptions.IgnoreCase)]
    private static partial Regex NotAName();

    public static Cell? Extract(DocumentContent content)
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
        var text = TrailingRegistration().Replace(best.Line.Text, "").Trim();
        var score = Math.Round(Math.Max(confidence, 0.05), 4);
        return new Cell(TypedMatchers.RawValue(text), text, score, PhaseNames.Resolve,
            new CellSource(page.Number, best.Line.Box, text), Evidence: new Evidence(EvidenceKinds.Layout, score));
    }

    private static double Score(Line line, int index, double medianHeight)
    {
        var text = line.Text;
        var letters = text.Count(char.IsLetter);
        if (letters < 3 || letters < text.Count(char.IsDigit) || NotAName().IsMatch(text) && !LegalForm().IsMatch(text))
            return 0;
        var score = 0.35;
        if (LegalForm().IsMatch(text)) score += 0.35;
        if (text.Where(char.IsLetter).All(char.IsUpper)) score += 0.05;
        if (line.Box.Height > medianHeight * 1.2) score += 0.1;
        score -= 0.03 * index;
        return score;
    }
}
