using System.Text;
using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>Plain Markdown from lines: one paragraph line per visual line, a rule between pages.</summary>
public static class MarkdownRenderer
{
    public static string Render(IReadOnlyList<Page> pages)
    {
        var sb = new StringBuilder();
        foreach (var page in pages)
        {
            if (page.Number > 1)
                sb.Append("\n---\n\n");
            foreach (var line in page.Lines)
                sb.Append(line.Text).Append('\n');
        }
        return sb.ToString();
    }
}
