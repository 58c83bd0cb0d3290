using System.Globalization;
using Quarry.Core.Documents;

namespace Quarry.Core.Readers.Ocr;

/// <summary>
/// Reads Tesseract's TSV output (<c>level page_num block_num par_num line_num word_num left top width height conf text</c>):
/// level-1 rows give each page's size, level-5 rows are words, grouped into lines by (page, block, paragraph, line)
/// in the order Tesseract reads them.
/// </summary>
public static class TesseractTsv
{
    private const int Columns = 12;

    public static IReadOnlyList<Page> Parse(string tsv)
    {
        var pages = new SortedDictionary<int, PageBuilder>();
        foreach (var raw in tsv.Split('\n'))
        {
            var row = raw.TrimEnd('\r');
            if (row.Length == 0 || row.StartsWith("level", StringComparison.Ordinal))
                continue;
            // The text is the last column and never holds a tab, so at most 12 fields.
            var f = row.Split('\t', Columns);
            if (f.Length < Columns - 1 || !int.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var level)
                || !TryInts(f, 1, 9, out var n))
                continue;
            var page = n[0];
            if (!pages.TryGetValue(page, out var builder))
                pages[page] = builder = new PageBuilder();
            var (left, top, width, height) = (n[5], n[6], n[7], n[8]);
            if (level == 1)
            {
                builder.Width = width;
                builder.Height = height;
                continue;
            }
            var text = f.Length == Columns ? f[11].Trim() : "";
            // Table rules and specks come out as words of spaces: they are not text.
            if (level != 5 || text.Length == 0)
                continue;
            var conf = double.TryParse(f[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var c) ? Math.Clamp(c / 100, 0, 1) : 0;
            builder.Add((n[1], n[2], n[3]), new Word(text, new Box(left, top, left + width, top + height), Math.Round(conf, 4)));
        }
        return pages.Select(p => p.Value.Build(p.Key)).ToList();
    }

    private static bool TryInts(string[] fields, int from, int count, out int[] values)
    {
        values = new int[count];
        for (var i = 0; i < count; i++)
        {
            if (!int.TryParse(fields[from + i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]))
                return false;
        }
        return true;
    }

    private sealed class PageBuilder
    {
        private readonly Dictionary<(int Block, int Par, int Line), List<Word>> _lines = [];
        private readonly List<(int, int, int)> _order = [];

        public int Width { get; set; }
        public int Height { get; set; }

        public void Add((int, int, int) line, Word word)
        {
            if (!_lines.TryGetValue(line, out var words))
            {
                _lines[line] = words = [];
                _order.Add(line);
            }
            words.Add(word);
        }

        public Page Build(int number) => new(number, Width, Height, 0, _order.Select(k => new Line(_lines[k])).ToList());
    }
}
