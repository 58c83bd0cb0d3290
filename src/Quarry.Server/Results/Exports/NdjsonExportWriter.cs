using System.Text.Json;
using Quarry.Core.Schemas;
using Quarry.Data.Stores;
using Quarry.Server.Http;

namespace Quarry.Server.Results.Exports;

/// <summary>One JSON row per line, exactly the row objects of the JSON results (with <c>cells</c> under <c>include=cells</c>).</summary>
public sealed class NdjsonExportWriter(Stream output, IReadOnlyList<FieldDefinition> fields, bool withCells) : IExportWriter
{
    public void Write(RowWithCells row)
    {
        JsonSerializer.Serialize(output, ResultRows.From(row.Row, fields, row.Cells, withCells), ApiJson.Options);
        output.WriteByte((byte)'\n');
    }

    public void Flush()
    {
    }

    public void Finish()
    {
    }

    public void Dispose()
    {
    }
}
