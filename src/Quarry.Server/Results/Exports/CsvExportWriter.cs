using System.Text;
using Quarry.Core.Exports;
using Quarry.Data.Stores;

namespace Quarry.Server.Results.Exports;

/// <summary>RFC 4180 CSV in UTF-8 without a byte-order mark, CRLF line ends, a header line, every cell defused against formulas.</summary>
public sealed class CsvExportWriter : IExportWriter
{
    private readonly StreamWriter _out;
    private readonly ExportGrid _grid;

    public CsvExportWriter(Stream output, ExportGrid grid)
    {
        _grid = grid;
        _out = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 16 * 1024, leaveOpen: true);
        Line(grid.Header);
    }

    public void Write(RowWithCells row) => Line(_grid.Cells(row).Select(c => c.Text));

    public void Flush() => _out.Flush();

    public void Finish() => _out.Flush();

    public void Dispose() => _out.Dispose();

    private void Line(IEnumerable<string> fields)
    {
        _out.Write(SafeCsv.Record(fields));
        _out.Write("\r\n");
    }
}
