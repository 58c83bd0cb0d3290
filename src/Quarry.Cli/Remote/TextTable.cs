namespace Quarry.Cli.Remote;

/// <summary>An aligned plain-text table: columns as wide as their widest cell up to a limit, longer cells cut with an ellipsis.</summary>
public static class TextTable
{
    public static async Task WriteAsync(TextWriter writer, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows,
        bool colours = false, Func<int, string, Colour>? colourOf = null, int maxWidth = 40)
    {
        var widths = header.Select((h, i) => Math.Min(maxWidth, rows.Select(r => r[i].Length).Prepend(h.Length).Max())).ToArray();
        await writer.WriteLineAsync(Line(header, widths, null, false));
        foreach (var r in rows)
            await writer.WriteLineAsync(Line(r, widths, colourOf, colours));
    }

    private static string Line(IReadOnlyList<string> cells, int[] widths, Func<int, string, Colour>? colourOf, bool colours)
    {
        var parts = cells.Select((c, i) =>
        {
            var text = c.ReplaceLineEndings(" ");
            text = text.Length > widths[i] ? text[..(widths[i] - 1)] + "…" : text;
            var padded = i == cells.Count - 1 ? text : text.PadRight(widths[i]);
            return Terminal.Paint(padded, colourOf?.Invoke(i, c) ?? Colour.None, colours);
        });
        return string.Join("  ", parts).TrimEnd();
    }
}
