using Quarry.Core.Documents;
using Quarry.Core.Readers;

namespace Quarry.Core.Tests;

/// <summary>Runs a reader on bytes, and finds words in what it read.</summary>
internal static class TestRead
{
    public static Task<DocumentContent> Read(IDocumentReader reader, byte[] bytes, string name, ReaderLimits? limits = null) =>
        reader.ReadAsync(new MemoryStream(bytes), new ReadContext(name, limits ?? new ReaderLimits()), CancellationToken.None);

    public static async Task<DocumentReadException> Fails(IDocumentReader reader, byte[] bytes, string name, string code, ReaderLimits? limits = null)
    {
        var e = await Assert.ThrowsAsync<DocumentReadException>(() => Read(reader, bytes, name, limits));
        Assert.Equal(code, e.Code);
        return e;
    }

    public static string[] LineTexts(DocumentContent content, int page = 1) =>
        content.Pages.Single(p => p.Number == page).Lines.Select(l => l.Text).ToArray();

    public static IEnumerable<string> AllWords(DocumentContent content) =>
        content.Pages.SelectMany(p => p.Lines).SelectMany(l => l.Words).Select(w => w.Text);

    /// <summary>
    /// On some line, a word containing <paramref name="label"/> comes before (and left of) the word
    /// <paramref name="value"/>: the layout keeps a label left of its value.
    /// </summary>
    public static void AssertLabelLeftOfValue(DocumentContent content, string label, string value)
    {
        var found = content.Pages.SelectMany(p => p.Lines).Any(line =>
        {
            var words = line.Words;
            var v = words.Select((w, i) => (w, i)).FirstOrDefault(x => x.w.Text == value);
            if (v.w is null) return false;
            return words.Take(v.i).Any(w => w.Text.Contains(label, StringComparison.Ordinal) && w.Box.X1 <= v.w.Box.X0 && w.Box.Y0 == v.w.Box.Y0);
        });
        Assert.True(found, $"No line has '{label}' left of '{value}'. Lines:\n{string.Join('\n', content.Pages.SelectMany(p => p.Lines).Select(l => l.Text))}");
    }
}
