using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>
/// CSV and TSV: the encoding and the delimiter are sniffed, the records parsed per RFC 4180, and the whole file
/// becomes one table (its header row is row 0) laid out as lines, so "Total    4,250.00" keeps label and value together.
/// </summary>
public sealed class CsvReader : IDocumentReader
{
    private const string What = "CSV file";

    public bool CanRead(SniffResult type) => type.Kind == "csv";

    public async Task<DocumentContent> ReadAsync(Stream file, ReadContext context, CancellationToken ct)
    {
        var limits = context.Limits;
        var text = await TextInput.ReadTextAsync(file, limits, What, ct);
        var ext = Path.GetExtension(context.FileName);
        var preferTab = ext.Equals(".tsv", StringComparison.OrdinalIgnoreCase) || ext.Equals(".tab", StringComparison.OrdinalIgnoreCase);
        var delimiter = CsvDelimiter.Sniff(text, preferTab);

        var grid = new SheetGrid(new CellBudget(limits, What), limits, What);
        var row = 0;
        foreach (var record in CsvParser.Parse(text, delimiter))
        {
            ct.ThrowIfCancellationRequested();
            for (var c = 0; c < record.Count; c++)
                grid.Add(row, c, record[c].Trim());
            row++;
        }
        var layout = new TextLayout(limits, What);
        layout.AddTable(grid.ToRows());
        return layout.Build();
    }
}
