using System.Text;
using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>
/// Lays out text that has no geometry of its own (DOCX, spreadsheets, CSV, HTML, JSON, XML) on pages of character
/// cells, as <see cref="PlainTextReader"/> does for TXT: x = column, y = line, one cell per character. Layout-aware
/// extraction ("label left of / above the value") then works the same on every format. Tables become table cells
/// and lines whose cells start at their column's offset, so a row keeps its label left of its value; the Markdown
/// renders tables as Markdown tables. The text size is bounded by <see cref="ReaderLimits.MaxTextChars"/>.
/// </summary>
public sealed class TextLayout(ReaderLimits limits, string what)
{
    /// <summary>
    /// Blank cells between table columns. <c>LabelValueExtractor</c> ends a value at a gap wider than three cells,
    /// so four keep one cell's value from running into the next cell.
    /// </summary>
    public const int ColumnGap = 4;

    private readonly List<Page> _pages = [];
    private readonly List<Table> _tables = [];
    private readonly StringBuilder _markdown = new();
    private List<Line>? _lines;
    private int _y;
    private double _width;
    private long _chars;

    /// <summary>
    /// How many table cells a reader may collect. Every cell costs objects besides its text, so spreadsheets and CSV
    /// stop well before the text limit alone would stop them: a million-cell sheet fails at the default limits.
    /// </summary>
    public static long MaxCells(ReaderLimits limits) => Math.Max(1, limits.MaxTextChars / 100);

    /// <summary>Starts the next page (a spreadsheet's next sheet). <paramref name="title"/> goes to the Markdown only.</summary>
    public void NewPage(string? title = null)
    {
        ClosePage();
        _lines = [];
        if (_pages.Count > 0)
            _markdown.Append("\n---\n\n");
        if (!string.IsNullOrWhiteSpace(title))
            _markdown.Append("## ").Append(OneLine(title)).Append("\n\n");
    }

    /// <summary>Text that may hold line breaks: one line per line of text.</summary>
    public void AddText(string text)
    {
        foreach (var line in SplitLines(text))
            AddLine(line);
    }

    /// <summary>One line of text; tabs advance to the next multiple of 8 as in a terminal. A blank line keeps its place.</summary>
    public void AddLine(string line)
    {
        var lines = Open();
        Count(line.Length);
        var words = Words(line, _y).ToList();
        if (words.Count > 0)
        {
            lines.Add(new Line(words));
            _width = Math.Max(_width, words[^1].Box.X1);
            _markdown.Append(lines[^1].Text);
        }
        _markdown.Append('\n');
        _y++;
    }

    public void AddBlankLine() => AddLine("");

    /// <summary>A heading: a line like any other, and a Markdown heading of <paramref name="level"/> (1–6).</summary>
    public void AddHeading(string text, int level)
    {
        var lines = Open();
        var line = OneLine(text);
        Count(line.Length);
        var words = Words(line, _y).ToList();
        if (words.Count == 0)
        {
            AddBlankLine();
            return;
        }
        lines.Add(new Line(words));
        _width = Math.Max(_width, words[^1].Box.X1);
        _markdown.Append('#', Math.Clamp(level, 1, 6)).Append(' ').Append(lines[^1].Text).Append('\n');
        _y++;
    }

    /// <summary>
    /// A table: <paramref name="rows"/>[r][c] is the text of the cell in row r, column c (short rows are padded). Each
    /// row is one line; each cell starts at its column's offset, columns apart by <see cref="ColumnGap"/> blank cells.
    /// Cell text keeps its line breaks in the table; in the line they become spaces.
    /// </summary>
    public void AddTable(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (rows.Count == 0)
            return;
        var lines = Open();
        var columns = rows.Max(r => r.Count);
        if (columns == 0)
            return;
        var flat = rows.Select(r => Enumerable.Range(0, columns).Select(c => c < r.Count ? OneLine(r[c]) : "").ToArray()).ToList();
        var offsets = new int[columns];
        for (var c = 1; c < columns; c++)
            offsets[c] = offsets[c - 1] + flat.Max(r => r[c - 1].Length) + ColumnGap;
        var widths = Enumerable.Range(0, columns).Select(c => flat.Max(r => r[c].Length)).ToArray();

        var cells = new List<TableCell>(rows.Count * columns);
        for (var r = 0; r < flat.Count; r++)
        {
            var words = new List<Word>();
            for (var c = 0; c < columns; c++)
            {
                var text = flat[r][c];
                Count(text.Length + ColumnGap);
                words.AddRange(Words(text, _y, offsets[c]));
                var raw = c < rows[r].Count ? Normalize(rows[r][c]) : "";
                cells.Add(new TableCell(r, c, raw, new Box(offsets[c], _y, offsets[c] + Math.Max(widths[c], 1), _y + 1)));
            }
            if (words.Count > 0)
            {
                lines.Add(new Line(words));
                _width = Math.Max(_width, words[^1].Box.X1);
            }
            _y++;
        }
        _tables.Add(new Table(_pages.Count + 1, cells));
        AppendMarkdownTable(flat, rows, columns);
    }

    public DocumentContent Build()
    {
        if (_lines is null && _pages.Count == 0)
            Open();
        ClosePage();
        return new DocumentContent(_pages.ToList(), _tables.ToList(), _markdown.ToString());
    }

    /// <summary>The words of one line of text with character-cell boxes, the first character at <paramref name="startColumn"/>.</summary>
    public static IEnumerable<Word> Words(string line, int y, int startColumn = 0)
    {
        var i = 0;
        var col = startColumn;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i]))
            {
                col = line[i] == '\t' ? (col / 8 + 1) * 8 : col + 1;
                i++;
            }
            var start = i;
            var startCol = col;
            while (i < line.Length && !char.IsWhiteSpace(line[i]))
            {
                col++;
                i++;
            }
            if (i > start)
                yield return new Word(line[start..i], new Box(startCol, y, col, y + 1));
        }
    }

    /// <summary>Splits text at CR LF, LF or CR.</summary>
    public static string[] SplitLines(string text) => Normalize(text).Split('\n');

    private static string Normalize(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>Text on one line: line breaks and tabs become spaces, ends trimmed.</summary>
    private static string OneLine(string text) =>
        Normalize(text).Replace('\n', ' ').Replace('\t', ' ').Trim();

    private List<Line> Open()
    {
        if (_lines is null)
            NewPage();
        return _lines!;
    }

    private void ClosePage()
    {
        if (_lines is null)
            return;
        _pages.Add(new Page(_pages.Count + 1, Math.Max(_width, 1), Math.Max(_y, 1), 0, _lines));
        _lines = null;
        _y = 0;
        _width = 0;
    }

    private void Count(long chars)
    {
        _chars += chars;
        if (_chars > limits.MaxTextChars)
            throw TextInput.TooLarge(limits, what);
    }

    private void AppendMarkdownTable(List<string[]> flat, IReadOnlyList<IReadOnlyList<string>> rows, int columns)
    {
        // Markdown tables need a header row: the first row is it, as in the file.
        if (_markdown.Length > 0 && !EndsWithBlankLine())
            _markdown.Append('\n');
        for (var r = 0; r < flat.Count; r++)
        {
            _markdown.Append('|');
            for (var c = 0; c < columns; c++)
            {
                var raw = c < rows[r].Count ? Normalize(rows[r][c]).Trim() : "";
                _markdown.Append(' ').Append(raw.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal).Replace('\t', ' ')).Append(" |");
            }
            _markdown.Append('\n');
            if (r == 0)
                _markdown.Append('|').Insert(_markdown.Length, " --- |", columns).Append('\n');
        }
        _markdown.Append('\n');
    }

    private bool EndsWithBlankLine() =>
        _markdown.Length >= 2 && _markdown[^1] == '\n' && _markdown[^2] == '\n';
}
