using System.Text.RegularExpressions;
using Quarry.Core.Documents;
using Quarry.Core.Values;

namespace Quarry.Core.Extraction;

/// <summary>
/// Cash rounding: where coins below 5 cents are gone (Malaysia, Switzerland, Australia, Canada…), a receipt states a
/// total, then "ROUNDING ADJ -0.02", then the amount actually payable. That rounded amount is the total. It is taken
/// only when the document prints it, on the rounding line or just under it, and it differs from the total by the
/// adjustment.
/// </summary>
public static partial class CashRounding
{
    [GeneratedRegex(@"(?<![\d.,])\.(\d{2})\b")]
    private static partial Regex BareCents();

    private const decimal MaxAdjustment = 0.10m;
    private const int LinesAfter = 3;

    private static readonly string[] RoundingWords = ["rounding", "rounded", "round", "rundung", "arrondi", "afronding", "redondeo"];

    /// <summary>The rounded total printed after a rounding line below <paramref name="total"/>, or null.</summary>
    public static (string Text, CellSource Source)? RoundedTotal(DocumentContent content, string totalText, CellSource total)
    {
        if (!AmountValue.TryFind(totalText, out var t, out _, out _))
            return null;
        var page = content.Pages.FirstOrDefault(p => p.Number == total.Page);
        if (page is null) return null;
        for (var i = 0; i < page.Lines.Count; i++)
        {
            var line = page.Lines[i];
            if (line.Box.Y0 <= total.Bbox.Y0 || !StartsWithRounding(line))
                continue;
            // OCR and tills print ".01" for 0.01.
            var adjustment = AmountValue.FindAll(BareCents().Replace(line.Text, "0.$1")).Select(a => Math.Abs(a.Amount.Value)).FirstOrDefault(a => a > 0 && a <= MaxAdjustment);
            if (adjustment == 0)
                continue;
            foreach (var candidate in page.Lines.Skip(i).Take(LinesAfter + 1))
            {
                foreach (var word in candidate.Words)
                {
                    if (AmountValue.TryParse(word.Text, out var x) && x.Value != t.Value
                        && (x.Value == t.Value + adjustment || x.Value == t.Value - adjustment))
                        return (word.Text, new CellSource(page.Number, word.Box, word.Text));
                }
            }
            return null;
        }
        return null;
    }

    /// <summary>True when the amount in <paramref name="text"/> and <paramref name="other"/> differ by no more than a rounding adjustment.</summary>
    public static bool IsAdjustment(string text, decimal other) =>
        AmountValue.TryFind(text, out var a, out _, out _) && a.Value != other && Math.Abs(a.Value - other) <= MaxAdjustment;

    private static bool StartsWithRounding(Line line)
    {
        var first = line.Words.Select(w => FieldLabels.Normalize(w.Text)).FirstOrDefault(w => w.Length > 0);
        return first is not null && RoundingWords.Any(r => first.StartsWith(r, StringComparison.Ordinal));
    }
}
