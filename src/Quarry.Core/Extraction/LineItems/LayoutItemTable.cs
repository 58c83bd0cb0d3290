using Quarry.Core.Documents;
using Quarry.Core.Schemas;
using Quarry.Core.Values;

namespace Quarry.Core.Extraction.LineItems;

/// <summary>
/// Reads an item table from the visual lines of a page (PDF text, OCR, hOCR): a heading row gives each column its
/// horizontal span; the lines below are split where the gaps are wide and each piece goes to the column it stands
/// under. The table ends at a totals line ("Subtotal", "Total", "VAT"), at a wide vertical gap, or at the page's end,
/// where it goes on below the same heading repeated on the next page.
/// </summary>
public static class LayoutItemTable
{
    /// <summary>Words further apart than this many line heights stand in different columns.</summary>
    private const double ColumnGap = 1.2;

    /// <summary>A vertical gap of this many line heights after the first item ends the table.</summary>
    private const double EndGap = 3.5;

    /// <summary>A column's span; <see cref="Field"/> is null for a heading no item field asked for ("Disc", "VAT"), whose text is dropped.</summary>
    private sealed record Column(FieldDefinition? Field, double X0, double X1);

    public static ItemTableRead? Find(DocumentContent content, ItemHeader header)
    {
        for (var p = 0; p < content.Pages.Count; p++)
        {
            var page = content.Pages[p];
            for (var li = 0; li < page.Lines.Count; li++)
            {
                if (Heading(page, li, header) is not { } heading)
                    continue;
                var (columns, headingLines) = heading;
                var rows = new ItemRows(header.Fields);
                var lines = page.Lines.Skip(li).Take(headingLines).ToList();
                var (pi, next) = (p, li + headingLines);
                while (ReadRows(content.Pages[pi], next, columns, rows, lines) == Ending.PageEnd
                    && ContinuedOn(content, pi + 1, header, columns) is { } resume)
                    (pi, next) = (pi + 1, resume);
                var items = rows.Finish();
                if (items.Count > 0)
                {
                    var onFirstPage = lines.TakeWhile(l => page.Lines.Contains(l)).ToList();
                    return new ItemTableRead(items, page.Number, Box.UnionAll(onFirstPage.Select(l => l.Box)), string.Join('\n', lines.Select(l => l.Text)));
                }
            }
        }
        return null;
    }

    /// <summary>
    /// The columns a heading row at <paramref name="li"/> sets out, and how many lines the headings take: a second
    /// line holding only further headings and currency marks ("QTY   RM   RM" under "DESC  PRICE  AMOUNT") joins them.
    /// </summary>
    private static (List<Column> Columns, int Lines)? Heading(Page page, int li, ItemHeader header)
    {
        var line = page.Lines[li];
        if (header.Match(line.Words.Select(w => w.Text).ToList()) is not { } found || HasAmount(line))
            return null;
        var columns = ColumnsOf(line, found);
        if (li + 1 >= page.Lines.Count)
            return (columns, 1);
        var next = page.Lines[li + 1];
        var more = header.Find(next.Words.Select(w => w.Text).ToList(), found.Select(f => f.Field).ToList());
        var onlyHeadings = more.Count > 0 && next.Box.Y0 - line.Box.Y1 < 1.5 * Math.Max(line.Box.Height, 0.5)
            && next.Words.Select((w, i) => (w, i)).All(x => IsCurrencyMark(x.w.Text) || more.Any(m => x.i >= m.Start && x.i < m.Start + m.Length));
        if (!onlyHeadings)
            return (columns, 1);
        columns.AddRange(ColumnsOf(next, more).Where(c => c.Field is not null));
        return (columns.OrderBy(c => c.X0).ToList(), 2);
    }

    /// <summary>
    /// A column per heading found, and an unclaimed column per other word of the heading row, except words set close
    /// after a heading, which qualify it and widen its column ("P.U.  HT", "Amount (EUR)").
    /// </summary>
    private static List<Column> ColumnsOf(Line line, List<(FieldDefinition Field, int Start, int Length)> found)
    {
        var columns = new List<Column>();
        Column? last = null;
        var gap = ColumnGap * Math.Max(line.Box.Height, 0.5);
        for (var i = 0; i < line.Words.Count; i++)
        {
            var word = line.Words[i];
            var heads = found.Where(f => i >= f.Start && i < f.Start + f.Length).ToList();
            if (heads.Count > 0)
            {
                foreach (var h in heads.Where(h => h.Start == i))
                    columns.Add(last = new Column(h.Field, word.Box.X0, line.Words[h.Start + h.Length - 1].Box.X1));
                continue;
            }
            if (last?.Field is not null && word.Box.X0 - last.X1 <= gap)
            {
                columns[columns.IndexOf(last)] = last = last with { X1 = word.Box.X1 };
                continue;
            }
            if (!IsCurrencyMark(word.Text))
                columns.Add(last = new Column(null, word.Box.X0, word.Box.X1));
        }
        return columns.OrderBy(c => c.X0).ToList();
    }

    /// <summary>Headings are words: a line with amounts on it is a row, however its words read.</summary>
    private static bool HasAmount(Line line) => line.Words.Any(w => w.Text.Any(char.IsDigit) && AmountValue.TryParse(w.Text, out _));

    private enum Ending { Closed, PageEnd }

    private static Ending ReadRows(Page page, int from, List<Column> columns, ItemRows rows, List<Line> lines)
    {
        var lineHeight = Math.Max(lines[^1].Box.Height, 0.5);
        var bottom = lines[^1].Box.Y1;
        for (var i = from; i < page.Lines.Count; i++)
        {
            var line = page.Lines[i];
            if (rows.Count > 0 && line.Box.Y0 - bottom > EndGap * lineHeight)
                return Ending.Closed;
            if (IsClosing(line))
                return Ending.Closed;
            if (IsSectionEnd(line))
            {
                rows.EndSection();
                bottom = line.Box.Y1;
                continue;
            }
            bottom = line.Box.Y1;
            // "RM   RM" or "(EUR)" under the headings names the columns' currency.
            if (line.Words.All(w => IsCurrencyMark(w.Text)))
                continue;
            var row = Assign(line, columns, lineHeight);
            if (row.Count == 0)
                continue;
            rows.Add(row, page.Number, line.Box);
            lines.Add(line);
        }
        return Ending.PageEnd;
    }

    /// <summary>The line after the same headings near the top of the next page, when the table goes on there.</summary>
    private static int? ContinuedOn(DocumentContent content, int pageIndex, ItemHeader header, List<Column> columns)
    {
        if (pageIndex >= content.Pages.Count) return null;
        var page = content.Pages[pageIndex];
        for (var i = 0; i < page.Lines.Count && page.Lines[i].Box.Y0 < page.Height * 0.4; i++)
        {
            if (Heading(page, i, header) is { } again && Claimed(again.Columns).SetEquals(Claimed(columns)))
                return i + again.Lines;
        }
        return null;
    }

    /// <summary>A line that starts with a totals label closes the items.</summary>
    private static HashSet<FieldDefinition> Claimed(List<Column> columns) => columns.Where(c => c.Field is not null).Select(c => c.Field!).ToHashSet();

    /// <summary>
    /// A line whose first words are a totals label and that states an amount closes the items ("Tax: 0.2%" within an
    /// item's details does not). A label may stand in a column of its own, after text ("Prices incl. VAT   Total 49.99").
    /// </summary>
    private static bool IsClosing(Line line) => StatesAmount(line) && Pieces(line.Words, Math.Max(line.Box.Height, 0.5))
        .Any(piece => TableEnd.StartsWithLabel(Normalized(piece)));

    private static bool IsSectionEnd(Line line) => StatesAmount(line) && TableEnd.StartsWithSectionLabel(Normalized(line.Words));

    private static List<string> Normalized(IEnumerable<Word> words) =>
        words.Select(w => FieldLabels.Normalize(w.Text)).Where(w => w.Length > 0).ToList();

    private static bool StatesAmount(Line line) => AmountValue.FindAll(line.Text).Any();

    private static bool IsCurrencyMark(string text)
    {
        var t = text.Trim('(', ')', '[', ']', ':');
        return t.Length > 0 && (CurrencyCodes.Normalize(t) is not null || t is "$" or "€" or "£" or "¥" or "₹");
    }

    /// <summary>The text under each column: the line cut at wide gaps, each piece to the column it overlaps most (or the nearest).</summary>
    private static Dictionary<FieldDefinition, string> Assign(Line line, List<Column> columns, double lineHeight)
    {
        var row = new Dictionary<FieldDefinition, string>();
        foreach (var piece in Pieces(line.Words, lineHeight))
        {
            // A piece of numbers only that spans several columns ("2 15.50 31.00" set close) is shared out word by word.
            var numbersOnly = piece.All(w => ItemRows.IsNumberText(w.Text) || IsCurrencyMark(w.Text));
            var parts = numbersOnly && piece.Count > 1 && Overlapping(Box.UnionAll(piece.Select(w => w.Box)), columns) > 1
                ? piece.Select(w => (IReadOnlyList<Word>)[w])
                : [piece];
            foreach (var part in parts)
            {
                var text = string.Join(' ', part.Select(w => w.Text));
                // Marks alone ("*", "@", "-") stand between columns and say nothing.
                if (!text.Any(char.IsLetterOrDigit)) continue;
                var box = Box.UnionAll(part.Select(w => w.Box));
                if (ColumnOf(box, ItemRows.IsNumberText(text), columns, lineHeight) is not { Field: { } field }) continue;
                row[field] = row.TryGetValue(field, out var before) ? $"{before} {text}" : text;
            }
        }
        return row;
    }

    private static IEnumerable<List<Word>> Pieces(IReadOnlyList<Word> words, double lineHeight)
    {
        var piece = new List<Word>();
        foreach (var w in words)
        {
            if (piece.Count > 0 && w.Box.X0 - piece[^1].Box.X1 > ColumnGap * Math.Max(Math.Max(w.Box.Height, 0.5), lineHeight * 0.5))
            {
                yield return piece;
                piece = [];
            }
            piece.Add(w);
        }
        if (piece.Count > 0) yield return piece;
    }

    private static int Overlapping(Box box, List<Column> columns) => columns.Count(c => Overlap(box, c) > 0);

    private static double Overlap(Box box, Column c) => Math.Min(box.X1, c.X1) - Math.Max(box.X0, c.X0);

    /// <summary>
    /// The column a piece stands under: a number the numeric column it overlaps most, text the first column it
    /// overlaps (descriptions start under their heading and run on to the right). A number left of the first column,
    /// or a piece far from every column, is in none.
    /// </summary>
    private static Column? ColumnOf(Box box, bool isNumber, List<Column> columns, double lineHeight)
    {
        var overlapped = columns.Where(c => Overlap(box, c) > 0).ToList();
        if (isNumber && overlapped.Where(c => c.Field is not null && ItemColumns.HoldsNumbers(c.Field)).MaxBy(c => Overlap(box, c)) is { } numeric)
            return numeric;
        if (overlapped.Count > 0)
            return isNumber ? overlapped.MaxBy(c => Overlap(box, c)) : overlapped[0];
        // Text left of every column is the description under a heading set further right (centred headings).
        if (box.X1 < columns[0].X0 - lineHeight)
            return !isNumber && columns[0].Field is { } first && !ItemColumns.HoldsNumbers(first) ? columns[0] : null;
        var nearest = columns.MinBy(c => Math.Max(c.X0 - box.X1, box.X0 - c.X1))!;
        return Math.Max(nearest.X0 - box.X1, box.X0 - nearest.X1) <= 8 * lineHeight ? nearest : null;
    }
}
