namespace Quarry.Core.Readers;

/// <summary>
/// Guesses a CSV file's delimiter among <c>, ; TAB |</c>: the one that splits the first records into the same number
/// (more than one) of fields most often. Parsing is quote-aware, so delimiters inside quoted fields do not count.
/// </summary>
public static class CsvDelimiter
{
    private static readonly char[] Candidates = [',', ';', '\t', '|'];
    private const int SampleRecords = 50;
    private const int SampleChars = 64 * 1024;

    /// <summary>The best delimiter; <paramref name="preferTab"/> (a .tsv name) wins whenever tabs split the records at all.</summary>
    public static char Sniff(string text, bool preferTab = false)
    {
        var sample = text.Length > SampleChars ? text[..SampleChars] : text;
        var truncated = sample.Length < text.Length;
        var best = (Delimiter: ',', Consistent: 0, Fields: 0);
        foreach (var d in Candidates)
        {
            var records = CsvParser.Parse(sample, d)
                .Where(r => r.Count > 1 || r[0].Length > 0)
                .Take(SampleRecords + 1)
                .ToList();
            // The last record of a cut sample may be cut too.
            if (truncated && records.Count > 1)
                records.RemoveAt(records.Count - 1);
            var counts = records.Take(SampleRecords).Select(r => r.Count).Where(c => c > 1).ToList();
            if (counts.Count == 0)
                continue;
            var mode = counts.GroupBy(c => c).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First();
            if (preferTab && d == '\t')
                return d;
            if (mode.Count() > best.Consistent || mode.Count() == best.Consistent && mode.Key > best.Fields)
                best = (d, mode.Count(), mode.Key);
        }
        return best.Delimiter;
    }
}
