using System.Text.RegularExpressions;
using Quarry.Core.Documents;

namespace Quarry.Core.Extraction;

/// <summary>
/// The issuer's postal address when no label names it: the block of lines set under the issuer's name (its
/// registration numbers skipped), up to contact details, a document title or a date — "NO. 8, JALAN 1 / 56000 KUALA
/// LUMPUR", "Hauptstrasse 1 / 10115 Berlin". A block without a house number or a postcode is no address.
/// </summary>
public static partial class AddressHeuristic
{
    private const int MaxLines = 5;
    private const double MaxGapInLines = 1.5;

    /// <summary>Words further apart than this many line heights stand in another column: the address line ends there.</summary>
    private const double ColumnGap = 3;

    /// <summary>
    /// Addresses are set as running words. A gap wider than this many line heights inside an address line, short of a
    /// column gap, means words are missing (an OCR that lost them): a block with such a hole is not offered, since an
    /// address with words missing is wrong however the rest reads.
    /// </summary>
    private const double HoleGap = 1.0;

    [GeneratedRegex(@"\b(TEL|TELEPHONE|PHONE|FAX|MOBILE|H/P|HP|EMAIL|E-MAIL|WWW|HTTPS?|GST|SST|VAT|TAX|INVOICE|RECEIPT|BILL|DATE|CASHIER|ORDER|STATEMENT|QUOTATION|OPEN|DAILY|WELCOME)\b|@|\.COM\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotAddress();

    /// <summary>"(CO. NO. 113825-W)", "COMPANY NO: 256628-W", "(728515-N)": the name's registration, printed before the address.</summary>
    [GeneratedRegex(@"^\(?\s*[A-Z]{0,4}\d{4,}(?:-?[A-Z]{1,2})?\s*\)?$|\b(COMPANY|CO|REG|REGISTRATION|ROC|BR|GST|SST)\.?\s*(NO|NUMBER)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Registration();

    /// <summary>A house number or postcode: a token of figures ("8", "56000", "4-20", "2&amp;4,"), or "No.8", "Lot 26".</summary>
    [GeneratedRegex(@"(?<![\p{L}\d])\d[\d\-/&,.]*(?![\p{L}\d])|\b(NO|LOT|UNIT|BLOK|BLOCK)\.?\s?\d", RegexOptions.IgnoreCase)]
    private static partial Regex AddressFigure();

    public static Cell? Extract(DocumentContent content)
    {
        if (IssuerHeuristic.Locate(content) is not { } name)
            return null;
        var lines = name.Page.Lines;
        var i = lines.ToList().IndexOf(name.Lines[^1]) + 1;
        while (i < lines.Count && (Registration().IsMatch(lines[i].Text.Trim()) || FiguresOnly(lines[i].Text)) && !HasStreetNumberAndWords(lines[i].Text))
            i++;
        var block = new List<Line>();
        for (; i < lines.Count && block.Count < MaxLines; i++)
        {
            // Only the line's first column: invoice details often stand to the right of the address.
            var line = new Line(lines[i].Words.Take(WordsBeforeColumnGap(lines[i])).ToList());
            var previous = block.Count > 0 ? block[^1] : name.Lines[^1];
            if (line.Box.Y0 - previous.Box.Y1 > MaxGapInLines * Math.Max(previous.Box.Height, 0.5) || NotAddress().IsMatch(line.Text)
                || line.Text.Count(char.IsLetter) < 2 || FiguresOnly(line.Text))
                break;
            block.Add(line);
        }
        if (block.Any(HasHole))
            return null;
        var text = string.Join(' ', block.Select(l => l.Text)).Trim();
        if (block.Count == 0 || !LooksLikeAddress(text))
            return null;
        var score = Math.Round(name.Score * 0.7, 4);
        return new Cell(TypedMatchers.RawValue(text), text, score, PhaseNames.Resolve,
            new CellSource(name.Page.Number, Box.UnionAll(block.Select(l => l.Box)), text), Evidence: new Evidence(EvidenceKinds.Layout, score));
    }

    private static int WordsBeforeColumnGap(Line line)
    {
        for (var i = 1; i < line.Words.Count; i++)
        {
            if (Gap(line, i) > ColumnGap)
                return i;
        }
        return line.Words.Count;
    }

    private static bool HasHole(Line line) => Enumerable.Range(1, Math.Max(line.Words.Count - 1, 0)).Any(i => Gap(line, i) > HoleGap);

    /// <summary>The gap before word <paramref name="i"/>, in heights of the words beside it.</summary>
    private static double Gap(Line line, int i) =>
        (line.Words[i].Box.X0 - line.Words[i - 1].Box.X1) / Math.Max(Math.Max(line.Words[i].Box.Height, line.Words[i - 1].Box.Height), 0.5);

    /// <summary>A line of figures alone ("07-355 2616", "(03) 5121 7970"): a phone or an id, not part of an address.</summary>
    private static bool FiguresOnly(string text) => text.Count(char.IsDigit) >= 6 && text.All(c => char.IsDigit(c) || " -+()/.".Contains(c));

    /// <summary>Words and a house number or postcode: "2920/1" alone, or a street without a number, is no address.</summary>
    public static bool LooksLikeAddress(string text) => text.Count(char.IsLetter) >= 4 && AddressFigure().IsMatch(text);

    private static bool HasStreetNumberAndWords(string text) => text.Count(char.IsLetter) >= 6 && text.Any(char.IsDigit) && !text.TrimStart().StartsWith('(');
}
