using System.Text.Json;
using System.Text.Json.Nodes;
using Quarry.Core.Documents;
using Quarry.Core.Extraction;
using Quarry.Core.Readers;
using Quarry.Core.Schemas;

namespace Quarry.Cli;

/// <summary>One document's row as <c>quarry extract</c> writes it: the results endpoint's row plus its cells.</summary>
/// <remarks><see cref="Work"/> is the row as the phases left it (null for a failed document), for commands that look deeper than the output.</remarks>
public sealed record ExtractedRow(string Filename, string Status, JsonObject Values, double? Confidence, IReadOnlyList<string> ValidationFlags, JsonObject Cells)
{
    public RowWork? Work { get; init; }

    public JsonObject ToJson() => new()
    {
        ["filename"] = Filename,
        ["status"] = Status,
        ["values"] = Values.DeepClone(),
        ["confidence"] = Confidence,
        ["validation_flags"] = new JsonArray(ValidationFlags.Select(f => (JsonNode)JsonValue.Create(f)).ToArray()),
        ["cells"] = Cells.DeepClone(),
    };
}

/// <summary>
/// Ingestion and the four phases in this process, with exactly the server's readers and phases: a file in, its rows
/// out (containers give one row per member, named <c>archive.zip/member</c>).
/// </summary>
public sealed class LocalExtraction(IReadOnlyList<FieldDefinition> fields, DocumentReaders readers, IOcrEngine? ocr, PhasePipeline pipeline, double reviewThreshold, ReaderLimits limits)
{
    /// <summary>What <c>quarry learn</c> taught for this schema (local mode); phase 1 fills cells from it first.</summary>
    public Quarry.Core.Extraction.Registry.FieldRegistry? Registry { get; init; }

    /// <summary>A single document's parsed content (containers are not unpacked): what <c>quarry learn</c> learns from.</summary>
    public async Task<DocumentContent> ReadContentAsync(string path, CancellationToken ct)
    {
        var bytes = await File.ReadAllBytesAsync(path, ct);
        var type = FileSniffer.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, FileSniffer.HeaderLength)), Path.GetFileName(path));
        return await readers.ReadAsync(new MemoryStream(bytes, writable: false), type, new ReadContext(Path.GetFileName(path), limits, 0, new MemorySink(limits), ocr), ct);
    }

    public async Task<IReadOnlyList<ExtractedRow>> ExtractAsync(string path, string displayName, CancellationToken ct)
    {
        var bytes = await File.ReadAllBytesAsync(path, ct);
        return await ExtractAsync(bytes, displayName, 0, ct);
    }

    private async Task<IReadOnlyList<ExtractedRow>> ExtractAsync(byte[] bytes, string name, int depth, CancellationToken ct)
    {
        var members = new MemorySink(limits);
        DocumentContent content;
        var type = FileSniffer.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, FileSniffer.HeaderLength)), name);
        try
        {
            if (bytes.Length == 0)
                throw new DocumentReadException(DocumentErrorCodes.CorruptFile, "The file is empty.");
            content = await readers.ReadAsync(new MemoryStream(bytes, writable: false), type, new ReadContext(name, limits, depth, members, ocr), ct);
        }
        catch (DocumentReadException e)
        {
            return [Failed(name, e.Code)];
        }

        var rows = new List<ExtractedRow>();
        if (type.Kind is not ("zip" or "gzip"))
            rows.Add(await RunPhasesAsync(name, content, ct));
        foreach (var (memberName, memberBytes) in members.Members)
            rows.AddRange(await ExtractAsync(memberBytes, $"{name}/{memberName}", depth + 1, ct));
        return rows;
    }

    private async Task<ExtractedRow> RunPhasesAsync(string name, DocumentContent content, CancellationToken ct)
    {
        var row = new RowWork(fields, content, reviewThreshold) { Registry = Registry };
        foreach (var phase in pipeline.Phases)
            await phase.RunAsync(row, ct);
        var values = new JsonObject();
        var cells = new JsonObject();
        foreach (var f in fields)
        {
            var cell = row.CellOf(f.Name);
            values[f.Name] = cell.Value?.DeepClone();
            cells[f.Name] = new JsonObject
            {
                ["value"] = cell.Value?.DeepClone(),
                ["raw"] = cell.Raw,
                ["confidence"] = cell.Confidence,
                ["phase"] = cell.Phase,
                ["source"] = cell.Source is null ? null : JsonSerializer.SerializeToNode(cell.Source, ContentJson.Options),
                ["evidence"] = cell.Evidence is null ? null : JsonSerializer.SerializeToNode(cell.Evidence, ContentJson.Options),
            };
        }
        return new ExtractedRow(name, row.Status, values, row.Confidence, row.Flags.ToList(), cells) { Work = row };
    }

    private ExtractedRow Failed(string name, string code)
    {
        var values = new JsonObject();
        foreach (var f in fields)
            values[f.Name] = null;
        return new ExtractedRow(name, RowStatuses.Failed, values, null, [$"document_error:{code}"], new JsonObject());
    }

    /// <summary>Container members kept in memory for the rows that follow, within the archive limits.</summary>
    private sealed class MemorySink(ReaderLimits limits) : IChildSink
    {
        private long _bytes;

        public List<(string Name, byte[] Bytes)> Members { get; } = [];

        public async Task AddAsync(string name, Stream content, CancellationToken ct)
        {
            using var ms = new MemoryStream();
            await content.CopyToAsync(ms, ct);
            _bytes += ms.Length;
            if (_bytes > limits.MaxUncompressedBytes)
                throw new DocumentReadException(DocumentErrorCodes.ArchiveLimitExceeded, $"The members unpack to more than {limits.MaxUncompressedBytes} bytes.");
            Members.Add((name, ms.ToArray()));
        }
    }
}
