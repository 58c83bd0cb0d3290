using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Quarry.Bench;

// Peak resident memory (VmHWM from /proc/PID/status) of one `quarry serve --role all` process on SQLite, a fresh
// process and data folder for each case:
//   idle:    started and answered one request — the floor the other figures include;
//   job:     DOCS generated one-page invoices uploaded (100 per request), one job over them run to the end, and its
//            results fetched once as JSON;
//   long:    one PAGES-page text PDF uploaded, parsed, and a job run on it.
// Usage: dotnet run -c Release --project bench/memory -- [docs=10000] [pages=500]
var inv = CultureInfo.InvariantCulture;
var docs = args.Length > 0 ? int.Parse(args[0], inv) : 10_000;
var pages = args.Length > 1 ? int.Parse(args[1], inv) : 500;
var started = DateTime.UtcNow;
var loads = new List<string> { ProcessStats.LoadAverage() };
var rows = new List<string>();

await using (var server = await LocalServer.StartAsync())
{
    await server.CreateSchemaAsync();
    var (peak, now) = ProcessStats.Memory(server.Process.Pid);
    rows.Add(string.Create(inv, $"| idle (started, one request) | — | {peak:F1} | {now:F1} | |"));
}

await using (var server = await LocalServer.StartAsync())
{
    Console.Error.WriteLine($"memory: a job of {docs} documents");
    var schema = await server.CreateSchemaAsync();
    var clock = Stopwatch.StartNew();
    var ids = new List<string>();
    foreach (var chunk in Enumerable.Range(0, docs).Chunk(100))
        ids.AddRange(await server.UploadAsync(chunk.Select(i => ($"invoice-{i:D5}.pdf", InvoiceLayouts.Pdf(i)))));
    var job = await server.CreateJobAsync(schema, ids);
    await server.WaitForJobAsync(job, pollMs: 500);
    var afterJob = ProcessStats.Memory(server.Process.Pid).PeakMiB;
    var results = await server.Client.GetAsync($"/v1/jobs/{job}/results");
    var bytes = (await results.Content.ReadAsByteArrayAsync()).Length;
    var (peak, now) = ProcessStats.Memory(server.Process.Pid);
    rows.Add(string.Create(inv,
        $"| job of {docs:N0} one-page invoices (upload, parse, 4 phases) | {clock.Elapsed.TotalSeconds:F0} s | {afterJob:F1} | {now:F1} | then GET …/results as JSON ({bytes / 1048576.0:F1} MiB): peak {peak:F1} MiB |"));
    loads.Add(ProcessStats.LoadAverage());
}

await using (var server = await LocalServer.StartAsync())
{
    Console.Error.WriteLine($"memory: one PDF of {pages} pages");
    var schema = await server.CreateSchemaAsync();
    var pdf = BenchFiles.LongPdf(pages);
    var clock = Stopwatch.StartNew();
    var id = (await server.UploadAsync([("long.pdf", pdf)]))[0];
    JsonNode doc;
    while ((doc = (await server.Client.GetFromJsonAsync<JsonNode>($"/v1/documents/{id}"))!)["status"]!.GetValue<string>() is "pending" or "processing")
        await Task.Delay(200);
    var parsed = clock.Elapsed.TotalSeconds;
    var afterParse = ProcessStats.Memory(server.Process.Pid).PeakMiB;
    await server.WaitForJobAsync(await server.CreateJobAsync(schema, [id]), pollMs: 200);
    var (peak, now) = ProcessStats.Memory(server.Process.Pid);
    rows.Add(string.Create(inv,
        $"| one {pages}-page text PDF ({pdf.Length / 1024.0:F0} KiB, {doc["pages"]} pages, status {doc["status"]}) | parse {parsed:F1} s | {peak:F1} | {now:F1} | after parsing alone: {afterParse:F1} MiB |"));
    loads.Add(ProcessStats.LoadAverage());
}

Console.WriteLine();
Console.WriteLine(string.Create(inv, $"Memory — {started:yyyy-MM-dd HH:mm} UTC, commit {ProcessStats.Commit()}, {ProcessStats.Machine()}"));
Console.WriteLine($"Load average at start and after each case: {string.Join(" → ", loads)}");
Console.WriteLine();
Console.WriteLine("| case | time | peak RSS (VmHWM), MiB | RSS at the end, MiB | note |");
Console.WriteLine("|---|---|---|---|---|");
rows.ForEach(Console.WriteLine);
return 0;
