using System.Diagnostics;
using System.Globalization;
using Quarry.Bench;
using Quarry.Bench.Throughput;

// End-to-end throughput through the HTTP API of one `quarry serve --role all` process on SQLite (a fresh data folder
// per size): N generated one-page invoice PDFs in four layouts are uploaded (100 per request), one job is created over
// them at once (it waits for parsing), polled until complete, and its results fetched. Reported per N: documents/s
// from the first upload to the fetched results, the job's end-to-end time, per-document latency p50/p95 (upload
// accepted → its row's last phase written, from the database), and poppler's `pdftotext` on the same files (as many at
// once as cores) as the ratio Quarry/pdftotext. N = 1 is run 20 times (p50/p95 over the 20 jobs). Then the
// per-document time of each part, from the server's /metrics, for the largest N.
//
// Usage: dotnet run -c Release --project bench/throughput -- [sizes=1,100,1000]
//        dotnet run -c Release --project bench/throughput -- seed URL KEY N   (bench/load: a job of N rows; prints its id)
var inv = CultureInfo.InvariantCulture;
if (args.Length > 0 && args[0] == "seed")
    return await Seed.RunAsync(args[1..]);

var sizes = (args.Length > 0 ? args[0] : "1,100,1000").Split(',').Select(s => int.Parse(s, inv)).ToArray();
const int SingleRuns = 20;
var folder = Directory.CreateTempSubdirectory("quarry-bench-throughput").FullName;
var fileCount = Math.Max(sizes.Max(), SingleRuns);
var files = Enumerable.Range(0, fileCount).Select(n => (Name: $"invoice-{n:D5}.pdf", Bytes: InvoiceLayouts.Pdf(n))).ToList();
foreach (var (name, bytes) in files)
    await File.WriteAllBytesAsync(Path.Combine(folder, name), bytes);

var started = DateTime.UtcNow;
var loads = new List<string> { ProcessStats.LoadAverage() };
var rows = new List<string>();
string breakdown = "";
foreach (var n in sizes)
{
    var runs = n == 1 ? SingleRuns : 1;
    Console.Error.WriteLine($"throughput: {runs} job(s) of {n} document(s)");
    await using var server = await LocalServer.StartAsync();
    var schema = await server.CreateSchemaAsync();
    // Warm-up (not measured): JIT and connection pools, as a server that has been up a while.
    var warm = await server.UploadAsync(Enumerable.Range(0, 10).Select(i => ($"warm-{i}.pdf", InvoiceLayouts.Pdf(90_000 + i))));
    await server.WaitForJobAsync(await server.CreateJobAsync(schema, warm));

    var before = await server.MetricsAsync();
    var cpu = ProcessStats.CpuSeconds(server.Process.Pid);
    var jobs = new List<string>();
    var jobTimes = new List<double>();
    var clock = Stopwatch.StartNew();
    for (var run = 0; run < runs; run++)
    {
        var batch = files.Skip(run * n).Take(n).ToList();
        var t0 = clock.Elapsed.TotalSeconds;
        var ids = new List<string>();
        foreach (var chunk in batch.Chunk(100))
            ids.AddRange(await server.UploadAsync(chunk));
        var job = await server.CreateJobAsync(schema, ids);
        await server.WaitForJobAsync(job);
        var results = await server.ResultsAsync(job);
        if (results["total_rows"]!.GetValue<long>() != n || results["data"]!.AsArray().Count != n)
            throw new InvalidOperationException($"Job {job} has {results["total_rows"]} rows, not {n}.");
        jobTimes.Add(clock.Elapsed.TotalSeconds - t0);
        jobs.Add(job);
    }
    var wall = clock.Elapsed.TotalSeconds;
    var cpuUsed = ProcessStats.CpuSeconds(server.Process.Pid) - cpu;
    var after = await server.MetricsAsync();
    loads.Add(ProcessStats.LoadAverage());
    var latencies = Latencies.OfJobs(server.DatabasePath, jobs);
    var docs = n * runs;
    var baseline = await Pdftotext.SecondsAsync(files.Take(docs).Select(f => Path.Combine(folder, f.Name)).ToList());
    var p = runs > 1 ? jobTimes : latencies;
    rows.Add(string.Create(inv,
        $"| {n:N0} | {runs} | {docs / wall:F1} | {jobTimes.Average():F2} s | {Latencies.Percentile(p, 0.5):F2} s / {Latencies.Percentile(p, 0.95):F2} s ({(runs > 1 ? "per job" : "per document")}) | {cpuUsed * 1000 / docs:F1} ms | {baseline:F2} s ({docs / baseline:F0} docs/s) | {wall / baseline:F1} |"));
    if (n == sizes.Max())
        breakdown = Breakdown.Table(before, after, docs, cpuUsed, wall);
}
Directory.Delete(folder, recursive: true);

Console.WriteLine();
Console.WriteLine(string.Create(inv, $"Throughput — {started:yyyy-MM-dd HH:mm} UTC, commit {ProcessStats.Commit()}, {ProcessStats.Machine()}"));
Console.WriteLine($"Load average (1, 5, 15 min) at start and after each size: {string.Join(" → ", loads)}");
Console.WriteLine();
Console.WriteLine("| N | jobs | documents/s end to end | job time (upload → results) | p50 / p95 latency | server CPU per document | pdftotext, same files | Quarry / pdftotext (time) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
rows.ForEach(Console.WriteLine);
Console.WriteLine();
Console.WriteLine($"Where the time goes at N = {sizes.Max():N0} (from /metrics):");
Console.WriteLine();
Console.Write(breakdown);
return 0;
