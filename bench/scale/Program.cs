using System.Diagnostics;
using System.Globalization;
using Quarry.Bench;
using Quarry.Bench.Scale;

// Scale-out on PostgreSQL, every server a `quarry serve` process of its own (an API process and N workers, default
// settings, one shared blob folder):
//   throughput: a job of DOCS generated one-page invoice PDFs with 1 and with 2 worker processes — uploads and
//               parsing first (documents/s until every document is parsed), then the job (documents/s through the
//               four phases);
//   memory:     the peak resident set (VmHWM) of the API process while it streams an export of ROWS rows
//               (GET /v1/jobs/{id}/results?format=csv, then xlsx; and CSV of a tenth of the rows for comparison), each
//               in a fresh API process on a job seeded straight into the database.
// Usage: dotnet run -c Release --project bench/scale -- "Host=127.0.0.1;Port=54351;Username=postgres;Database=postgres" [docs=2000] [rows=100000]
//   The connection string names a server where the benchmark may create (and drops) its databases: scripts/pg.sh start DIR PORT.

var inv = CultureInfo.InvariantCulture;
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: bench/scale CONNECTION_STRING [docs=2000] [rows=100000]");
    return 2;
}
var admin = args[0];
var docs = args.Length > 1 ? int.Parse(args[1], inv) : 2000;
var exportRows = args.Length > 2 ? int.Parse(args[2], inv) : 100_000;

var started = DateTime.UtcNow;
var load = File.ReadAllText("/proc/loadavg").Trim();
var files = Enumerable.Range(0, docs).Select(n => ($"invoice-{n}.pdf", BenchFiles.InvoicePdf(n))).ToList();

var throughput = new List<string>();
foreach (var workers in new[] { 1, 2 })
{
    Console.Error.WriteLine($"throughput: {docs} documents, {workers} worker process(es)");
    await using var cluster = await Cluster.StartAsync(admin, workers);
    var schema = await cluster.CreateSchemaAsync();
    var cpu = cluster.WorkerCpuSeconds();
    var clock = Stopwatch.StartNew();
    foreach (var batch in files.Chunk(100))
        await cluster.UploadAsync(batch);
    var uploaded = clock.Elapsed.TotalSeconds;
    while (await cluster.ScalarAsync("SELECT COUNT(*) FROM documents WHERE status IN ('completed', 'error')") < docs)
        await Task.Delay(100);
    var parsed = clock.Elapsed.TotalSeconds;
    var unreadable = await cluster.ScalarAsync("SELECT COUNT(*) FROM documents WHERE status = 'error'");
    var parseCpu = cluster.WorkerCpuSeconds() - cpu;

    cpu = cluster.WorkerCpuSeconds();
    clock.Restart();
    var job = await cluster.CreateJobAsync(schema);
    await cluster.WaitForJobAsync(job);
    var phases = clock.Elapsed.TotalSeconds;
    var jobCpu = cluster.WorkerCpuSeconds() - cpu;
    var rows = await cluster.ScalarAsync($"SELECT COUNT(*) FROM job_rows WHERE job_id = '{job}' AND next_phase = 4");
    throughput.Add(string.Create(inv,
        $"| {workers} | {docs} | {uploaded:F1} s | {docs / parsed:F0} docs/s ({parsed:F1} s, {unreadable} unreadable) | {docs / phases:F0} docs/s ({phases:F1} s, {rows} rows) | {docs / (parsed + phases):F0} docs/s | {parseCpu * 1000 / docs:F1} + {jobCpu * 1000 / docs:F1} ms |"));
}

var memory = new List<string>();
// A tenth of the rows first, as CSV: constant memory means the same peak for ten times the rows.
foreach (var (format, count) in new[] { ("csv", exportRows / 10), ("csv", exportRows), ("xlsx", exportRows) })
{
    Console.Error.WriteLine($"export: {count} rows as {format}");
    await using var cluster = await Cluster.StartAsync(admin, workers: 0);
    var schema = await cluster.CreateSchemaAsync();
    var job = await ExportSeed.FinishedJobAsync(cluster, schema, count);
    // The export is measured in a process that has done nothing else: its peak is start-up and the export.
    await cluster.RestartApiAsync();
    // Warm up the export path (JIT, pools) on the first page, so the peak measured is the export's, not start-up's.
    using (var warm = await cluster.Client.GetAsync($"/v1/jobs/{job}/results?limit=1"))
        warm.EnsureSuccessStatusCode();
    var before = ProcessStats.Memory(cluster.Api.Pid);
    var clock = Stopwatch.StartNew();
    using var res = await cluster.Client.GetAsync($"/v1/jobs/{job}/results?format={format}", HttpCompletionOption.ResponseHeadersRead);
    res.EnsureSuccessStatusCode();
    await using var body = await res.Content.ReadAsStreamAsync();
    var buffer = new byte[81920];
    long bytes = 0, lines = 0;
    int n;
    while ((n = await body.ReadAsync(buffer)) > 0)
    {
        bytes += n;
        for (var i = 0; i < n; i++)
            if (buffer[i] == (byte)'\n') lines++;
    }
    var seconds = clock.Elapsed.TotalSeconds;
    var after = ProcessStats.Memory(cluster.Api.Pid);
    var shape = format == "csv" ? string.Create(inv, $"{lines - 1:N0} rows + header") : "one sheet";
    memory.Add(string.Create(inv,
        $"| {format} | {count:N0} | {bytes / 1048576.0:F1} MiB ({shape}) | {seconds:F1} s ({count / seconds:F0} rows/s) | {before.PeakMiB:F0} MiB | {after.PeakMiB:F0} MiB | {after.PeakMiB - before.PeakMiB:F0} MiB |"));
}

Console.WriteLine($"# Scale-out benchmark — {started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average at start {load}");
Console.WriteLine();
Console.WriteLine("| worker processes | documents | upload | uploaded → all parsed | job (phases 1–4) | parse + job | worker CPU per document, parse + job |");
Console.WriteLine("|---|---|---|---|---|---|---|");
throughput.ForEach(Console.WriteLine);
Console.WriteLine();
Console.WriteLine("| export | rows | size | time | fresh API process: peak RSS before | peak RSS after the export | growth |");
Console.WriteLine("|---|---|---|---|---|---|---|");
memory.ForEach(Console.WriteLine);
return 0;
