using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Quarry.Testing;

namespace Quarry.Bench.Scale;

/// <summary>
/// A fresh PostgreSQL database and the Quarry processes on it: one API process and any number of workers, each a
/// separate <c>quarry serve</c> process with default settings (leases, concurrency, polling), sharing one blob folder.
/// Disposing kills the processes and drops the database.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _database;
    private readonly string _folder;
    private readonly List<ServerProcess> _processes = [];

    private Cluster(string admin, string database, string folder)
    {
        _admin = admin;
        _database = database;
        _folder = folder;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database, MaxPoolSize = 30 }.ToString();
    }

    public string ConnectionString { get; }
    public ServerProcess Api { get; private set; } = null!;
    public IReadOnlyList<ServerProcess> Workers => _processes.Where(p => p.Role == "worker").ToList();
    public HttpClient Client { get; private set; } = null!;

    public static async Task<Cluster> StartAsync(string admin, int workers)
    {
        var database = "quarry_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {database}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        var cluster = new Cluster(admin, database, Directory.CreateTempSubdirectory("quarry-bench-scale").FullName);
        try
        {
            cluster.Api = cluster.Start("api");
            using var probe = new HttpClient();
            await cluster.Api.WaitHealthyAsync(probe, TimeSpan.FromSeconds(120));
            for (var i = 0; i < workers; i++)
                await cluster.Start("worker").WaitHealthyAsync(probe, TimeSpan.FromSeconds(120));
            cluster.Client = new HttpClient { BaseAddress = new Uri(cluster.Api.Url), Timeout = TimeSpan.FromMinutes(30) };
            cluster.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FirstKey(cluster.Api));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Replaces the API process with a fresh one (same database, same key), so what it measures starts from a clean process.</summary>
    public async Task RestartApiAsync()
    {
        await Api.DisposeAsync();
        _processes.Remove(Api);
        Api = Start("api");
        using var probe = new HttpClient();
        await Api.WaitHealthyAsync(probe, TimeSpan.FromSeconds(120));
        var key = Client.DefaultRequestHeaders.Authorization;
        Client.Dispose();
        Client = new HttpClient { BaseAddress = new Uri(Api.Url), Timeout = TimeSpan.FromMinutes(30) };
        Client.DefaultRequestHeaders.Authorization = key;
    }

    private ServerProcess Start(string role)
    {
        var p = ServerProcess.Start(Path.Combine(AppContext.BaseDirectory, "quarry.dll"), role, new Dictionary<string, string>
        {
            ["Quarry__Database__Provider"] = "postgres",
            ["ConnectionStrings__Quarry"] = ConnectionString,
            ["Quarry__DataDir"] = Path.Combine(_folder, $"{role}-{_processes.Count}"),
            ["Quarry__Blobs__Store"] = "folder",
            ["Quarry__Blobs__Path"] = Path.Combine(_folder, "shared-blobs"),
            ["Quarry__RateLimit__Burst"] = "100000",
            ["Quarry__RateLimit__PermitsPerSecond"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        _processes.Add(p);
        return p;
    }

    private static string FirstKey(ServerProcess api)
    {
        for (var i = 0; i < 100; i++)
        {
            var key = api.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("qk_", StringComparison.Ordinal));
            if (key is not null)
                return key;
            Thread.Sleep(100);
        }
        throw new InvalidOperationException("The API process printed no key:\n" + api.Output);
    }

    public async Task<string> CreateSchemaAsync()
    {
        const string body = """
            {"name": "Invoice", "fields": [
              {"name": "invoice_number", "type": "string", "required": true}, {"name": "vendor", "type": "string"},
              {"name": "date", "type": "date", "required": true}, {"name": "subtotal", "type": "currency_amount"},
              {"name": "tax", "type": "currency_amount"}, {"name": "total", "type": "currency_amount", "required": true},
              {"name": "currency", "type": "currency_code"}, {"name": "iban", "type": "iban"}]}
            """;
        return await PostAsync("/v1/schemas", new StringContent(body, Encoding.UTF8, "application/json"));
    }

    public async Task<List<string>> UploadAsync(IEnumerable<(string Name, byte[] Bytes)> files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
            form.Add(new ByteArrayContent(bytes), "file", name);
        using var res = await Client.PostAsync("/v1/documents", form);
        var json = await Expect(res);
        return json["data"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()).ToList();
    }

    public Task<string> CreateJobAsync(string schemaId) =>
        PostAsync("/v1/jobs", new StringContent(new JsonObject { ["schema_id"] = schemaId }.ToJsonString(), Encoding.UTF8, "application/json"));

    public async Task WaitForJobAsync(string jobId)
    {
        while (true)
        {
            var job = await Client.GetFromJsonAsync<JsonNode>($"/v1/jobs/{jobId}");
            var status = job!["status"]!.GetValue<string>();
            if (status != "queued" && status != "processing")
            {
                if (status != "complete")
                    throw new InvalidOperationException($"Job {jobId} ended {status}: {job.ToJsonString()}");
                return;
            }
            await Task.Delay(100);
        }
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 600 };
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 600 };
        foreach (var (name, value) in parameters)
            cmd.Parameters.AddWithValue(name, value);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<string> PostAsync(string url, HttpContent content)
    {
        using var res = await Client.PostAsync(url, content);
        return (await Expect(res))["id"]!.GetValue<string>();
    }

    private static async Task<JsonNode> Expect(HttpResponseMessage res)
    {
        var text = await res.Content.ReadAsStringAsync();
        if (!res.IsSuccessStatusCode)
            throw new InvalidOperationException($"{res.RequestMessage?.Method} {res.RequestMessage?.RequestUri} answered {(int)res.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public double WorkerCpuSeconds() => Workers.Sum(w => ProcessStats.CpuSeconds(w.Pid));

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        foreach (var p in _processes)
            await p.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using (var conn = new NpgsqlConnection(_admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        Directory.Delete(_folder, recursive: true);
    }
}
