using Quarry.Core.Documents;

namespace Quarry.Core.Extraction;

/// <summary>What the sentence-reading heuristics share: a document as one run of text, and the line a found phrase stands on.</summary>
internal static class DocumentText
{
    public static string Joined(DocumentContent content) =>
        string.Join(' ', content.Pages.SelectMany(p => p.Lines).Select(l => l.Text));

    /// <summary>The first line holding <paramref name="phrase"/>, as a cell's source; null when it spans lines.</summary>
    public static CellSource? SourceOf(DocumentContent content, string phrase)
    {
        foreach (var page in content.Pages)
        {
            foreach (var line in page.Lines)
            {
                if (line.Text.Contains(phrase, StringComparison.Ordinal))
                    return new CellSource(page.Number, line.Box, line.Text);
            }
        }
        return null;
    }
}
