using System.Text.Json.Serialization;

namespace Quarry.Core.Documents;

/// <summary>What every reader produces, whatever the format: pages of lines of words with boxes, tables, and Markdown.</summary>
public sealed record DocumentContent(IReadOnlyList<Page> Pages, IReadOnlyList<Table> Tables, string Markdown)
{
    public static DocumentContent Empty { get; } = new([], [], "");

    [JsonIgnore]
    public int WordCount => Pages.Sum(p => p.Lines.Sum(l => l.Words.Count));

    public IEnumerable<(Page Page, Line Line)> AllLines() =>
        Pages.SelectMany(p => p.Lines.Select(l => (p, l)));
}

/// <summary>One page. <see cref="Rotation"/> is the page's rotation in degrees as the file declares it; boxes are already in the upright page.</summary>
public sealed record Page(int Number, double Width, double Height, int Rotation, IReadOnlyList<Line> Lines);

public sealed record Line(IReadOnlyList<Word> Words)
{
    public string Text => string.Join(' ', Words.Select(w => w.Text));

    [JsonPropertyName("bbox")]
    public Box Box => Box.UnionAll(Words.Select(w => w.Box));
}

/// <summary>A word. <see cref="Confidence"/> is the OCR engine's confidence (0–1) where there is one; <see cref="FontSize"/> where the format knows it.</summary>
public sealed record Word(string Text, [property: JsonPropertyName("bbox")] Box Box, double? Confidence = null, double? FontSize = null);

public sealed record Table(int Page, IReadOnlyList<TableCell> Cells);

public sealed record TableCell(int Row, int Column, string Text, [property: JsonPropertyName("bbox")] Box? Box);
