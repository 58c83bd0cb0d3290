using Quarry.Data.Stores;

namespace Quarry.Server.Results.Exports;

/// <summary>
/// Writes one export format, synchronously, into an in-memory <see cref="ExportBuffer"/> that the caller drains to the
/// response between pages. The header is written when the writer is made.
/// </summary>
public interface IExportWriter : IDisposable
{
    void Write(RowWithCells row);

    /// <summary>Pushes text the writer holds into the buffer, so a drain sends every row written so far.</summary>
    void Flush();

    /// <summary>Ends the file (closing elements, the archive's directory).</summary>
    void Finish();
}
