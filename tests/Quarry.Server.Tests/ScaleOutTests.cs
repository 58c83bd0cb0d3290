using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using Quarry.Core.Extraction;
using Quarry.Testing;
using Xunit.Abstractions;

namespace Quarry.Server.Tests;

/// <summary>
/// Issue 8: one API process and three worker processes, separate OS processes on one fresh PostgreSQL database with
/// the database blob store. A 300-document job; one worker is killed with SIGKILL while it holds rows; the job still
/// completes with exactly 300 rows, each with all four phases, and the run log shows that no phase of any document
/// was completed twice.
/// </summary>
[Collection(nameof(ProcessTests))]
public sealed class ScaleOutTests(ITestOutputHelper output) : DatabaseTest
{
    private const int Documents = 300;

    [PostgresFact]
    public async Task Three_workers_one_killed_mid_job_finish_300_documents_with_every_phase_done_once()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "quarry.dll");
        var processes = new List<ServerProcess>();
        try
        {
            // All four start together on an empty database: migrations and the first key must happen exactly once.
            var api = Start(processes, dll, "api");
            var workers = Enumerable.Range(0, 3).Select(_ => Start(processes, dll, "worker")).ToList();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            foreach (var p in processes)
                await p.WaitHealthyAsync(http, TimeSpan.FromSeconds(90));

            // Roles: every process answers /healthz with its role; a worker serves nothing else.
            Assert.Equal("api", await RoleAsync(http, api));
            foreach (var w in workers)
            {
                Assert.Equal("worker", await RoleAsync(http, w));
                Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(w.Url + "/v1/jobs")).StatusCode);
            }

            // The API process printed the first key; no worker did.
            var key = await FirstKeyAsync(api);
            Assert.All(workers, w => Assert.DoesNotContain("qk_", w.Output, StringComparison.Ordinal));
            var client = new HttpClient { BaseAddress = new Uri(api.Url), Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

            var schema = await client.CreateInvoiceSchemaAsync();
            var ids = new List<string>();
            foreach (var batch in Enumerable.Range(1, Documents).Chunk(50))
                ids.AddRange((await client.UploadAsync(batch.Select(SmallDocument).ToArray())).Select(d => d!.Id()));
            var jobId = (await client.CreateJobAsync(schema.Id(), ids)).Id();

            // Kill, without warning, a worker that holds rows of the job while plenty of the job is left.
            var (victim, stranded) = await KillAWorkerHoldingRowsAsync(workers, Guid.Parse(jobId));
            output.WriteLine($"Killed worker {victim.Pid} holding {stranded.Count} unfinished row(s), at phases {string.Join(",", stranded.Select(s => s.Reached))}");
            Assert.True(stranded.Count > 0, "The killed worker held no unfinished row at its death, so nothing had to be taken over.");

            var job = await client.WaitForAsync($"/v1/jobs/{jobId}", j => j["status"]!.GetValue<string>() is "complete" or "failed" or "cancelled", seconds: 120);
            Assert.Equal("complete", job["status"]!.GetValue<string>());
            Assert.Equal(Documents, job["completed_documents"]!.GetValue<int>());

            // Exactly 300 rows, one per uploaded document, none left processing.
            var results = await client.GetJsonAsync($"/v1/jobs/{jobId}/results");
            var data = results["data"]!.AsArray();
            Assert.Equal(Documents, results["total_rows"]!.GetValue<int>());
            Assert.Equal(ids.Order(), data.Select(r => r!["document_id"]!.GetValue<string>()).Order());
            Assert.All(data, r => Assert.Contains(r!["status"]!.GetValue<string>(), new[] { "approved", "review" }));

            await using var conn = new NpgsqlConnection(Db.ConnectionString);
            var rows = (await conn.QueryAsync<(Guid Id, int NextPhase, string Phases)>(
                "SELECT id, next_phase, phases::text FROM job_rows WHERE job_id = @job", new { job = Guid.Parse(jobId) })).ToList();
            Assert.Equal(Documents, rows.Count);
            Assert.All(rows, r =>
            {
                Assert.Equal(4, r.NextPhase);
                Assert.Equal(PhaseNames.InOrder.Order(), JsonSerializer.Deserialize<Dictionary<string, string>>(r.Phases)!.Keys.Order());
            });

            // The run log: every row has each of the four phases completed exactly once, all by workers.
            var runs = (await conn.QueryAsync<(Guid RowId, string Phase, string Outcome, string Worker, int Attempt)>(
                "SELECT row_id, phase, outcome, worker, attempt FROM job_row_phase_runs WHERE job_id = @job", new { job = Guid.Parse(jobId) })).ToList();
            foreach (var g in runs.GroupBy(r => r.Worker))
                output.WriteLine($"{g.Key}: {g.Count()} phase(s) completed");
            var twice = runs.GroupBy(r => (r.RowId, r.Phase)).Where(g => g.Count() > 1).Select(g => $"{g.Key.RowId}/{g.Key.Phase}: {string.Join(", ", g.Select(r => r.Worker))}").ToList();
            Assert.True(twice.Count == 0, "Phases completed twice: " + string.Join("; ", twice));
            Assert.Equal(Documents * PhaseNames.InOrder.Count, runs.Count);
            Assert.All(runs.GroupBy(r => r.RowId), g => Assert.Equal(PhaseNames.InOrder.Order(), g.Select(r => r.Phase).Order()));
            Assert.All(runs, r => Assert.Contains(r.Outcome, new[] { "completed", "skipped" }));
            Assert.DoesNotContain(runs, r => r.Worker.Contains($":{api.Pid}:", StringComparison.Ordinal));

            // What the killed worker held was resumed by another worker at the phase it had reached.
            foreach (var (rowId, reached) in stranded)
            {
                var after = runs.Where(r => r.RowId == rowId && PhaseNames.InOrder.ToList().IndexOf(r.Phase) >= reached).ToList();
                Assert.NotEmpty(after);
                Assert.All(after, r =>
                {
                    Assert.DoesNotContain($":{victim.Pid}:", r.Worker, StringComparison.Ordinal);
                    Assert.True(r.Attempt >= 2, $"Row {rowId} phase {r.Phase} was done at attempt {r.Attempt}: the row was not claimed again.");
                });
            }

            // Four processes started together on an empty database: one set of migrations, one first key.
            Assert.Equal(1, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM api_keys"));
            Assert.Equal(await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"), Quarry.Data.Migrator.Scripts.Count);

            // Blobs went to the database; no process made a blob folder of its own.
            Assert.True(await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM blobs") >= Documents);
            Assert.All(processes, p => Assert.False(Directory.Exists(Path.Combine(DataDirOf(p), "blobs"))));
        }
        finally
        {
            foreach (var p in processes)
                await p.DisposeAsync();
        }
    }

    private readonly Dictionary<ServerProcess, string> _dataDirs = [];

    private string DataDirOf(ServerProcess p) => _dataDirs[p];

    private ServerProcess Start(List<ServerProcess> processes, string dll, string role)
    {
        // Each process has a data folder of its own: they share only the database (which also holds the blobs).
        var dataDir = Path.Combine(Db.DataDir, $"{role}-{processes.Count}");
        var p = ServerProcess.Start(dll, role, new Dictionary<string, string>
        {
            ["Quarry__Database__Provider"] = "postgres",
            ["ConnectionStrings__Quarry"] = Db.ConnectionString!,
            ["Quarry__DataDir"] = dataDir,
            ["Quarry__Blobs__Store"] = "database",
            ["Quarry__Workers__LeaseSeconds"] = "2",
            ["Quarry__Workers__PollMilliseconds"] = "100",
            ["Quarry__Workers__Concurrency"] = "2",
            ["Quarry__RateLimit__Burst"] = "10000",
            ["Quarry__RateLimit__PermitsPerSecond"] = "10000",
            ["Quarry__Review__CalibrationFile"] = TestCalibration.Path,
            ["Logging__LogLevel__Default"] = "Warning",
        });
        processes.Add(p);
        _dataDirs[p] = dataDir;
        return p;
    }

    private static async Task<string> RoleAsync(HttpClient http, ServerProcess p) =>
        JsonDocument.Parse(await http.GetStringAsync(p.Url + "/healthz")).RootElement.GetProperty("role").GetString()!;

    private static async Task<string> FirstKeyAsync(ServerProcess api)
    {
        // The key is printed before the server listens, but the console is read asynchronously.
        for (var i = 0; i < 100; i++)
        {
            var line = api.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("qk_", StringComparison.Ordinal));
            if (line is not null)
                return line;
            await Task.Delay(100);
        }
        throw new InvalidOperationException("The API process printed no first key:\n" + api.Output);
    }

    /// <summary>A small document, a third each as text, CSV and PDF, each with its own invoice number and total.</summary>
    private static (string, byte[]) SmallDocument(int n) => (n % 3) switch
    {
        0 => ($"invoice-{n}.txt", Encoding.UTF8.GetBytes($"Acme Corp\nInvoice Number: INV-{n:D4}\nVendor: Acme Corp\nDate: 2024-10-01\nTotal: {n}.50\n")),
        1 => ($"invoice-{n}.csv", Encoding.UTF8.GetBytes($"Invoice Number,Vendor,Date,Total\nINV-{n:D4},Acme Corp,2024-10-01,{n}.50\n")),
        _ => ($"invoice-{n}.pdf", TestInvoices.Numbered(n)),
    };

    /// <summary>
    /// Watches the database until a worker that has already completed some phases of the job holds unfinished rows of
    /// it, while at least a tenth of the job is left; then SIGKILLs that worker. Returns it and the rows it still held
    /// (with the phase each had reached).
    /// </summary>
    private async Task<(ServerProcess Victim, List<(Guid Row, int Reached)> Stranded)> KillAWorkerHoldingRowsAsync(List<ServerProcess> workers, Guid jobId)
    {
        await using var conn = new NpgsqlConnection(Db.ConnectionString);
        await conn.OpenAsync();
        var until = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < until)
        {
            var unfinished = await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM job_rows WHERE job_id = @jobId AND next_phase < 4", new { jobId });
            var holders = (await conn.QueryAsync<string>(
                "SELECT DISTINCT lease_owner FROM job_rows WHERE job_id = @jobId AND next_phase < 4 AND lease_owner IS NOT NULL", new { jobId })).ToList();
            var done = (await conn.QueryAsync<(string Worker, long Phases)>(
                "SELECT worker, COUNT(*) FROM job_row_phase_runs WHERE job_id = @jobId GROUP BY worker", new { jobId })).ToDictionary(d => d.Worker, d => d.Phases);
            var victim = workers.FirstOrDefault(w => holders.Concat(done.Keys).FirstOrDefault(o => o.Contains($":{w.Pid}:", StringComparison.Ordinal)) is { } name
                && holders.Contains(name) && done.GetValueOrDefault(name) >= 40);
            if (unfinished >= Documents / 10 && victim is not null)
            {
                await victim.KillAsync();
                // Dead now: what it still holds stays put until its lease runs out.
                var stranded = (await conn.QueryAsync<(Guid Id, int NextPhase)>(
                    "SELECT id, next_phase FROM job_rows WHERE job_id = @jobId AND next_phase < 4 AND lease_owner LIKE @owner",
                    new { jobId, owner = $"%:{victim.Pid}:%" })).ToList();
                return (victim, stranded);
            }
            await Task.Delay(10);
        }
        throw new TimeoutException("No worker ever held rows of the job.");
    }
}
