using Quarry.Core.Documents;

namespace Quarry.Core.Tests;

/// <summary>A one-page document from lines of text, each word boxed 6 units per character, lines 20 units apart.</summary>
internal static class LinePages
{
    public static DocumentContent Of(params string[] lines)
    {
        var built = lines.Select((text, i) =>
        {
            var x = 50.0;
            var words = text.Split(' ').Select(w => { var box = new Box(x, 50 + i * 20, x + w.Length * 6, 62 + i * 20); x += w.Length * 6 + 5; return new Word(w, box); }).ToList();
            return new Line(words);
        }).ToList();
        return new DocumentContent([new Page(1, 600, 800, 0, built)], [], string.Join('\n', lines));
    }
}
