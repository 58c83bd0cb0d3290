using Quarry.Core.Documents;
using Quarry.Core.Values;

namespace Quarry.Core.Extraction;

/// <summary>
/// The total a receipt's payment lines imply: the amount tendered less the change given back. Tills print the tender
/// ("CASH 50.00", "PAID", "CARD") on the line just above the change ("CHANGE 41.00"), so the line above a change line
/// is read as the tender even when OCR mangled its label ("CA 73.00"). The difference is kept only when the page
/// prints it again above the tender — an amount computed from two OCR readings and found printed is hard to get by
/// chance, while one computed alone would turn any misread digit into a wrong total.
/// </summary>
public static class ReceiptArithmetic
{
    /// <summary>
    /// <paramref name="Total"/> = <paramref name="Tendered"/> − <paramref name="Change"/>; <paramref name="Printed"/> is
    /// where the page states it (nearest above the tender); <paramref name="TenderLabelled"/> says whether the tender
    /// line's own label says it is one; <paramref name="ChangeLine"/> is where the change is stated.
    /// </summary>
    public sealed record Implied(decimal Total, decimal Tendered, decimal Change, CellSource Printed, bool TenderLabelled, CellSource ChangeLine);

    private static readonly string[][] ChangeLabels = Phrases(
        "change", "change due", "cash change", "changes", "change amount", "kembalian",
        "rückgeld", "wechselgeld", "rendu", "monnaie rendue", "à rendre", "cambio", "vuelto", "wisselgeld", "terug");

    private static readonly string[][] TenderLabels = Phrases(
        "cash", "tendered", "cash tendered", "amount tendered", "tender", "paid", "amount paid", "pay", "payment", "cash paid",
        "card", "credit card", "debit card", "visa", "mastercard", "master", "amex", "nets", "cash received", "received", "tunai",
        "bar", "gegeben", "bezahlt", "espèces", "especes", "reçu", "efectivo", "entregado", "contant", "betaald", "ontvangen");

    /// <summary>How far up from the change line the tender may be, in lines with an amount.</summary>
    private const int TenderReach = 2;

    /// <summary>The first page's tender less change, where that difference is printed above the tender; else null.</summary>
    public static Implied? Find(DocumentContent content)
    {
        foreach (var page in content.Pages)
        {
            for (var i = 0; i < page.Lines.Count; i++)
            {
                if (!StartsWith(page.Lines[i], ChangeLabels) || LastAmount(page.Lines[i]) is not { } change || change < 0)
                    continue;
                if (Tender(page, i) is not { } tender)
                    continue;
                var total = tender.Amount - change;
                if (total <= 0)
                    continue;
                if (PrintedAbove(page, tender.Index, total) is { } printed)
                    return new Implied(total, tender.Amount, change, printed, tender.Labelled,
                        new CellSource(page.Number, page.Lines[i].Box, page.Lines[i].Text));
            }
        }
        return null;
    }

    /// <summary>The tender: the nearest line above the change line with an amount, labelled or not, within reach.</summary>
    private static (int Index, decimal Amount, bool Labelled)? Tender(Page page, int changeLine)
    {
        var seen = 0;
        for (var j = changeLine - 1; j >= 0 && seen < TenderReach; j--)
        {
            var line = page.Lines[j];
            var labelled = StartsWith(line, TenderLabels);
            // A tender label alone on its line ("CASH", its amount on the next line): the amount line below was the tender.
            if (LastAmount(line) is not { } amount)
            {
                if (labelled) return null;
                continue;
            }
            seen++;
            if (amount <= 0)
                return null;
            return (j, amount, labelled || (j > 0 && LastAmount(page.Lines[j - 1]) is null && StartsWith(page.Lines[j - 1], TenderLabels)));
        }
        return null;
    }

    /// <summary>The nearest word above the tender line that reads as <paramref name="total"/>.</summary>
    private static CellSource? PrintedAbove(Page page, int tenderLine, decimal total)
    {
        for (var j = tenderLine - 1; j >= 0; j--)
        {
            var line = page.Lines[j];
            if (StartsWith(line, ChangeLabels))
                return null;
            // The last amount of a line is the one it states (a table row's quantity and unit price come first).
            var word = line.Words.LastOrDefault(w => AmountValue.TryFind(w.Text, out _, out _, out _));
            if (word is not null && AmountValue.TryFind(word.Text, out var a, out _, out _) && a.Value == total)
                return new CellSource(page.Number, word.Box, word.Text);
        }
        return null;
    }

    private static decimal? LastAmount(Line line)
    {
        var all = AmountValue.FindAll(line.Text).ToList();
        return all.Count == 0 ? null : all[^1].Amount.Value;
    }

    private static bool StartsWith(Line line, string[][] phrases)
    {
        var words = line.Words.Select(w => FieldLabels.Normalize(w.Text)).Where(w => w.Length > 0).ToArray();
        return phrases.Any(p => p.Length <= words.Length && p.Select((t, k) => words[k] == t).All(x => x));
    }

    private static string[][] Phrases(params string[] phrases) => phrases.Select(FieldLabels.Tokens).OrderByDescending(p => p.Length).ToArray();
}
