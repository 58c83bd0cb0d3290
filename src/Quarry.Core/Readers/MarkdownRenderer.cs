using System.Text;
using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>Plain Markdown from laid-out pages: one line per line of text in reading order (see <see cref="ReadingOrder"/>), a rule between pages.</summary>
public static class MarkdownRenderer
{
    public static string Render(IReadOnlyList<Page> pages)
    {
        var sb = new StringBuilder();
        foreach (var page in pages)
        {
            if (page.Number > 1)
                sb.Append("\n---\n\n");
            foreach (var line in ReadingOrder.Lines(page))
                sb.Append(line).Append('\n');
        }
        return sb.ToString();
    }
}
