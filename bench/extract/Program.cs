using System.Diagnostics;
using System.Globalization;
using Quarry.Core.Documents;
using Quarry.Core.Extraction;
using Quarry.Core.Readers;
using Quarry.Core.Schemas;

// What phases 1–4 cost against ingestion, on the same documents in the same run, one core, files in memory:
//   ingestion = sniffing and reading each file into its content (PDF text layer, hOCR, …);
//   phases    = resolve, agent (none configured), normalize and validate on that content.
// Goal (issue 4): phases / ingestion ≤ 0.5.
// Usage: dotnet run -c Release --project bench/extract -- [DATASET_DIR | pdfs=300]
//   DATASET_DIR is a folder in the layout of ../shared/datasets (schema.json, truth.jsonl, docs/);
//   without one, generated one-page invoice PDFs of varied layouts are used with an invoice schema.

var inv = CultureInfo.InvariantCulture;
List<(string Name, byte[] Bytes)> files;
IReadOnlyList<FieldDefinition> fields;
string what;
if (args.Length > 0 && Directory.Exists(args[0]))
{
    var dir = args[0];
    using var schemaJson = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "schema.json")));
    fields = SchemaParser.Parse(schemaJson.RootElement).Schema!.Fields;
    files = Directory.EnumerateFiles(Path.Combine(dir, "docs")).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
    what = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir)));
}
else
{
    var count = args.Length > 0 ? int.Parse(args[0], inv) : 300;
    files = Enumerable.Range(0, count).Select(n => ($"invoice-{n}.pdf", BenchFiles.InvoicePdf(n))).ToList();
    fields =
    [
        new("invoice_number", FieldType.String, Required: true), new("vendor", FieldType.String), new("date", FieldType.Date, Required: true),
        new("subtotal", FieldType.CurrencyAmount), new("tax", FieldType.CurrencyAmount), new("total", FieldType.CurrencyAmount, Required: true),
        new("currency", FieldType.CurrencyCode), new("iban", FieldType.Iban),
    ];
    what = $"{count} generated invoice PDFs";
}

var readers = DocumentReaders.Default();
var pipeline = PhasePipeline.Default();
var limits = new ReaderLimits();

async Task<DocumentContent> Ingest((string Name, byte[] Bytes) f)
{
    var type = FileSniffer.Sniff(f.Bytes.AsSpan(0, Math.Min(f.Bytes.Length, FileSniffer.HeaderLength)), f.Name);
    return await readers.ReadAsync(new MemoryStream(f.Bytes, writable: false), type, new ReadContext(f.Name, limits, 0, null, null), default);
}

async Task RunPhases(DocumentContent content)
{
    var row = new RowWork(fields, content, 0.8);
    foreach (var phase in pipeline.Phases)
        await phase.RunAsync(row, default);
}

// Warm-up: JIT and lazy tables (calibration, label lists) are not part of the figures.
await RunPhases(await Ingest(files[0]));

var contents = new DocumentContent[files.Count];
var ingestClock = Stopwatch.StartNew();
for (var i = 0; i < files.Count; i++)
    contents[i] = await Ingest(files[i]);
ingestClock.Stop();

var phaseClock = Stopwatch.StartNew();
foreach (var c in contents)
    await RunPhases(c);
phaseClock.Stop();

var n = files.Count;
Console.WriteLine($"# Extraction cost against ingestion — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, one thread");
Console.WriteLine();
Console.WriteLine("| documents | ingestion ms/doc | phases 1–4 ms/doc | phases / ingestion | phases docs/s |");
Console.WriteLine("|---|---|---|---|---|");
Console.WriteLine(string.Create(inv,
    $"| {what} ({n}) | {ingestClock.Elapsed.TotalMilliseconds / n:F3} | {phaseClock.Elapsed.TotalMilliseconds / n:F3} | {phaseClock.Elapsed.TotalMilliseconds / ingestClock.Elapsed.TotalMilliseconds:F2} | {n / phaseClock.Elapsed.TotalSeconds:F0} |"));
return 0;
