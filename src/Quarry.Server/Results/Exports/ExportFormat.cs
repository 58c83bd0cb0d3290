using Quarry.Core.Schemas;

namespace Quarry.Server.Results.Exports;

/// <summary>The formats <c>GET /v1/jobs/{id}/results?format=</c> exports besides JSON.</summary>
public sealed record ExportFormat(string Name, string ContentType, string Extension, bool TakesCells,
    Func<Stream, IReadOnlyList<FieldDefinition>, bool, IExportWriter> Create)
{
    public static ExportFormat Csv { get; } = new("csv", "text/csv; charset=utf-8; header=present", "csv", false,
        (output, fields, _) => new CsvExportWriter(output, new ExportGrid(fields)));

    public static ExportFormat Xlsx { get; } = new("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", false,
        (output, fields, _) => new XlsxExportWriter(output, new ExportGrid(fields)));

    public static ExportFormat Ndjson { get; } = new("ndjson", "application/x-ndjson", "ndjson", true,
        (output, fields, withCells) => new NdjsonExportWriter(output, fields, withCells));

    public static IReadOnlyList<ExportFormat> All { get; } = [Csv, Xlsx, Ndjson];

    public static ExportFormat? Find(string name) => All.FirstOrDefault(f => f.Name == name);
}
