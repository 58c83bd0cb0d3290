using Quarry.Core.Documents;

namespace Quarry.Core.Extraction.Agent;

/// <summary>A run of consecutive pages sent to the model in one call, with their text (one line per document line).</summary>
public sealed record PageWindow(IReadOnlyList<Page> Pages, string Text);

public static class PageWindows
{
    /// <summary>
    /// Whole pages grouped so each window's text stays within <paramref name="maxChars"/>; a single page longer than that is
    /// cut at a line, so no call is larger than asked. A document without text is one empty window.
    /// </summary>
    public static IReadOnlyList<PageWindow> Split(DocumentContent content, int maxChars)
    {
        var windows = new List<PageWindow>();
        var pages = new List<Page>();
        var text = new System.Text.StringBuilder();
        foreach (var page in content.Pages)
        {
            var header = $"--- page {page.Number} ---\n";
            foreach (var (part, partText) in PageParts(page, maxChars - header.Length))
            {
                if (text.Length > 0 && text.Length + header.Length + partText.Length > maxChars)
                    Flush();
                if (pages.Count > 0 && pages[^1].Number == part.Number)
                    pages[^1] = part with { Lines = [.. pages[^1].Lines, .. part.Lines] };
                else
                    pages.Add(part);
                text.Append(header).Append(partText);
            }
        }
        if (text.Length > 0 || windows.Count == 0)
            Flush();
        return windows;

        void Flush()
        {
            windows.Add(new PageWindow(pages.ToList(), text.ToString()));
            pages.Clear();
            text.Clear();
        }
    }

    /// <summary>The page, or pieces of it (same number, a slice of its lines) when its text is longer than <paramref name="maxChars"/>.</summary>
    private static IEnumerable<(Page, string)> PageParts(Page page, int maxChars)
    {
        var lines = new List<Line>();
        var text = new System.Text.StringBuilder();
        foreach (var line in page.Lines)
        {
            var t = line.Text + "\n";
            if (text.Length > 0 && text.Length + t.Length > maxChars)
            {
                yield return (page with { Lines = lines.ToList() }, text.ToString());
                lines.Clear();
                text.Clear();
            }
            lines.Add(line);
            text.Append(t.Length > maxChars ? t[..maxChars] : t);
        }
        yield return (page with { Lines = lines.ToList() }, text.ToString());
    }
}
