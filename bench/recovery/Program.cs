using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Quarry.Bench;

// Crash recovery: one `quarry serve --role all` process on SQLite (fresh data folder, default settings: 15 s leases)
// runs a job of DOCS generated invoices; while the job runs the process is killed with SIGKILL at KILLS random moments
// (0.3–1.5 s after each restart became healthy, so kills land in parsing, in the phases and in row writes) and
// restarted on the same folder. Then: the job completes with exactly DOCS rows, one per document, every row has all
// four phases in its run log (job_row_phase_runs) — each exactly once — and the results endpoint shows DOCS rows.
// Usage: dotnet run -c Release --project bench/recovery -- [docs=500] [kills=10] [seed=random]
var inv = CultureInfo.InvariantCulture;
var docs = args.Length > 0 ? int.Parse(args[0], inv) : 500;
var kills = args.Length > 1 ? int.Parse(args[1], inv) : 10;
var seed = args.Length > 2 ? int.Parse(args[2], inv) : Random.Shared.Next();
var random = new Random(seed);
var started = DateTime.UtcNow;
var loadBefore = ProcessStats.LoadAverage();

await using var server = await LocalServer.StartAsync();
var schema = await server.CreateSchemaAsync();
var ids = new List<string>();
foreach (var chunk in Enumerable.Range(0, docs).Chunk(100))
    ids.AddRange(await server.UploadAsync(chunk.Select(i => ($"invoice-{i:D5}.pdf", InvoiceLayouts.Pdf(i)))));
var job = await server.CreateJobAsync(schema, ids);
var clock = Stopwatch.StartNew();

var log = new List<string>();
for (var k = 0; k < kills; k++)
{
    var wait = random.Next(300, 1500);
    await Task.Delay(wait);
    var state = await server.Client.GetFromJsonAsync<JsonNode>($"/v1/jobs/{job}");
    var status = state!["status"]!.GetValue<string>();
    if (status is not ("queued" or "processing"))
    {
        log.Add($"kill {k + 1}: not done — the job had already ended ({status}) after {clock.Elapsed.TotalSeconds:F1} s");
        break;
    }
    var done = state["completed_documents"]!.GetValue<int>();
    await server.KillAndRestartAsync();
    log.Add(string.Create(inv, $"kill {k + 1}: SIGKILL {wait} ms after start, at {clock.Elapsed.TotalSeconds:F1} s, {done}/{docs} rows done; restarted"));
}
var killed = log.Count(l => l.Contains("SIGKILL", StringComparison.Ordinal));
var final = await server.WaitForJobAsync(job, pollMs: 200, timeout: TimeSpan.FromMinutes(15));
var seconds = clock.Elapsed.TotalSeconds;
var results = await server.ResultsAsync(job);
var resultRows = results["data"]!.AsArray();

// The run log, read from the database file (read-only, while the server is up).
long rows, distinctDocs, finished, rowsWithFourPhases, phaseRunsTwice, rowsWithoutRun;
using (var conn = new SqliteConnection($"Data Source={server.DatabasePath};Mode=ReadOnly"))
{
    conn.Open();
    long Scalar(string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$job", job);
        return Convert.ToInt64(cmd.ExecuteScalar(), inv);
    }
    rows = Scalar("SELECT COUNT(*) FROM job_rows WHERE job_id = $job");
    distinctDocs = Scalar("SELECT COUNT(DISTINCT document_id) FROM job_rows WHERE job_id = $job");
    finished = Scalar("SELECT COUNT(*) FROM job_rows WHERE job_id = $job AND next_phase = 4");
    rowsWithFourPhases = Scalar("SELECT COUNT(*) FROM (SELECT row_id FROM job_row_phase_runs WHERE job_id = $job GROUP BY row_id HAVING COUNT(DISTINCT phase) = 4) x");
    phaseRunsTwice = Scalar("SELECT COUNT(*) FROM (SELECT row_id, phase FROM job_row_phase_runs WHERE job_id = $job GROUP BY row_id, phase HAVING COUNT(*) > 1) x");
    rowsWithoutRun = Scalar("SELECT COUNT(*) FROM job_rows r WHERE r.job_id = $job AND NOT EXISTS (SELECT 1 FROM job_row_phase_runs p WHERE p.row_id = r.id)");
}
var statuses = resultRows.GroupBy(r => r!["status"]!.GetValue<string>()).Select(g => $"{g.Key} {g.Count()}").Order(StringComparer.Ordinal);

var checks = new (string What, bool Ok)[]
{
    ($"job status complete (was {final["status"]})", final["status"]!.GetValue<string>() == "complete"),
    ($"{killed} kills landed while the job ran (wanted {kills})", killed == kills),
    ($"rows in the job: {rows} (exactly {docs})", rows == docs),
    ($"distinct documents among them: {distinctDocs}", distinctDocs == docs),
    ($"rows with all four phases done (next_phase = 4): {finished}", finished == docs),
    ($"rows whose run log holds all four phases: {rowsWithFourPhases}", rowsWithFourPhases == docs),
    ($"(row, phase) pairs run more than once: {phaseRunsTwice}", phaseRunsTwice == 0),
    ($"rows with no run at all: {rowsWithoutRun}", rowsWithoutRun == 0),
    ($"results endpoint: total_rows {results["total_rows"]}, {resultRows.Count} rows, none processing", resultRows.Count == docs
        && results["total_rows"]!.GetValue<long>() == docs && resultRows.All(r => r!["status"]!.GetValue<string>() != "processing")),
};

Console.WriteLine();
Console.WriteLine(string.Create(inv, $"Recovery — {started:yyyy-MM-dd HH:mm} UTC, commit {ProcessStats.Commit()}, {ProcessStats.Machine()} (at start: {loadBefore})"));
Console.WriteLine($"{docs} documents, {kills} SIGKILLs, random seed {seed}; job done {seconds:F1} s after it was created; row statuses: {string.Join(", ", statuses)}");
log.ForEach(l => Console.WriteLine("  " + l));
foreach (var (what, ok) in checks)
    Console.WriteLine($"{(ok ? "PASS" : "FAIL")}  {what}");
var passed = checks.All(c => c.Ok);
Console.WriteLine(passed ? "RECOVERY OK" : "RECOVERY FAILED");
return passed ? 0 : 1;
