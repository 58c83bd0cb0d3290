using Quarry.Core.Documents;

namespace Quarry.Core.Tests;

/// <summary>Documents built from lines of text, with a box per word, one list of lines per page, for phase 2's tests.</summary>
internal static class AgentText
{
    public static DocumentContent Pages(params string[][] pages) => new(
        pages.Select((lines, p) => new Page(p + 1, 600, 800, 0, lines.Select((text, i) =>
        {
            var x = 50.0;
            return new Line(text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w =>
            {
                var box = new Box(x, 50 + i * 20, x + w.Length * 6, 62 + i * 20);
                x += w.Length * 6 + 5;
                return new Word(w, box);
            }).ToList());
        }).ToList())).ToList(), [], string.Join('\n', pages.SelectMany(l => l)));

    public static DocumentContent Doc(params string[] lines) => Pages(lines);
}
