using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Quarry.Testing;

namespace Quarry.Bench;

/// <summary>
/// One <c>quarry serve --role all</c> process on SQLite with a fresh data folder — what a laptop runs — started from
/// the <c>quarry.dll</c> built beside the benchmark, with the first API key read from its console. The rate limit is
/// lifted unless a benchmark sets it. Restartable on the same folder (the recovery benchmark kills it).
/// </summary>
public sealed class LocalServer : IAsyncDisposable
{
    private readonly Dictionary<string, string> _env;
    private string? _key;

    private LocalServer(string dataDir, Dictionary<string, string> env)
    {
        DataDir = dataDir;
        _env = env;
    }

    public string DataDir { get; }
    public ServerProcess Process { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public string Key => _key!;
    public string DatabasePath => Path.Combine(DataDir, "quarry.db");

    public static async Task<LocalServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var dir = Directory.CreateTempSubdirectory("quarry-bench").FullName;
        var env = new Dictionary<string, string>
        {
            ["Quarry__DataDir"] = dir,
            ["Quarry__Database__Provider"] = "sqlite",
            ["Quarry__RateLimit__Burst"] = "1000000",
            ["Quarry__RateLimit__PermitsPerSecond"] = "1000000",
            ["Quarry__Limits__MaxDocumentsPerJob"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string>())
            env[k] = v;
        var server = new LocalServer(dir, env);
        await server.StartProcessAsync();
        return server;
    }

    private async Task StartProcessAsync()
    {
        Process = ServerProcess.Start(Path.Combine(AppContext.BaseDirectory, "quarry.dll"), "all", _env);
        using (var probe = new HttpClient())
            await Process.WaitHealthyAsync(probe, TimeSpan.FromSeconds(120));
        _key ??= await FirstKeyAsync();
        Client?.Dispose();
        Client = new HttpClient { BaseAddress = new Uri(Process.Url), Timeout = TimeSpan.FromMinutes(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _key);
    }

    /// <summary>SIGKILL, then a new process on the same folder (same database, same key).</summary>
    public async Task KillAndRestartAsync()
    {
        await Process.KillAsync();
        await Process.DisposeAsync();
        await StartProcessAsync();
    }

    private async Task<string> FirstKeyAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            var key = Process.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("qk_", StringComparison.Ordinal));
            if (key is not null)
                return key;
            await Task.Delay(100);
        }
        throw new InvalidOperationException("The server printed no key:\n" + Process.Output);
    }

    public const string InvoiceSchema = """
        {"name": "Invoice", "fields": [
          {"name": "invoice_number", "type": "string", "required": true, "aliases": ["invoice no", "invoice #"]},
          {"name": "vendor", "type": "string"}, {"name": "date", "type": "date", "required": true},
          {"name": "total", "type": "currency_amount", "required": true}]}
        """;

    public async Task<string> CreateSchemaAsync() =>
        (await PostAsync("/v1/schemas", new StringContent(InvoiceSchema, Encoding.UTF8, "application/json")))["id"]!.GetValue<string>();

    public async Task<List<string>> UploadAsync(IEnumerable<(string Name, byte[] Bytes)> files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
            form.Add(new ByteArrayContent(bytes), "file", name);
        var json = await PostAsync("/v1/documents", form);
        return json["data"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()).ToList();
    }

    public async Task<string> CreateJobAsync(string schemaId, IEnumerable<string> documentIds)
    {
        var body = new JsonObject { ["schema_id"] = schemaId, ["document_ids"] = new JsonArray(documentIds.Select(i => (JsonNode)JsonValue.Create(i)!).ToArray()) };
        return (await PostAsync("/v1/jobs", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json")))["id"]!.GetValue<string>();
    }

    /// <summary>Polls <c>GET /v1/jobs/{id}</c> every <paramref name="pollMs"/> ms until the job ends; throws unless it completed.</summary>
    public async Task<JsonNode> WaitForJobAsync(string jobId, int pollMs = 20, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(60));
        while (DateTime.UtcNow < until)
        {
            var job = await Client.GetFromJsonAsync<JsonNode>($"/v1/jobs/{jobId}");
            var status = job!["status"]!.GetValue<string>();
            if (status is not ("queued" or "processing"))
                return status == "complete" ? job : throw new InvalidOperationException($"Job {jobId} ended {status}: {job.ToJsonString()}");
            await Task.Delay(pollMs);
        }
        throw new TimeoutException($"Job {jobId} did not end in time.");
    }

    public async Task<JsonNode> ResultsAsync(string jobId) => (await Client.GetFromJsonAsync<JsonNode>($"/v1/jobs/{jobId}/results"))!;

    /// <summary>The sums of the Prometheus samples at <c>/metrics</c>, by name and labels (e.g. <c>quarry_phase_duration_seconds_sum{phase="phase_1_resolve"}</c>).</summary>
    public async Task<Dictionary<string, double>> MetricsAsync()
    {
        var text = await Client.GetStringAsync("/metrics");
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            // "name{labels} value [timestamp]"; label values here hold no spaces or braces.
            var close = line.IndexOf('}');
            var end = close >= 0 ? close + 1 : line.IndexOf(' ');
            if (end <= 0 || end >= line.Length)
                continue;
            var value = line[end..].Trim().Split(' ')[0];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                samples[StripOtelLabels(line[..end])] = v;
        }
        return samples;
    }

    /// <summary>Drops the exporter's otel_scope_* labels so a series is named by its own labels only.</summary>
    private static string StripOtelLabels(string name)
    {
        var open = name.IndexOf('{');
        if (open < 0)
            return name;
        var labels = name[(open + 1)..^1].Split(',').Where(l => l.Length > 0 && !l.StartsWith("otel_scope", StringComparison.Ordinal)).ToArray();
        return labels.Length == 0 ? name[..open] : $"{name[..open]}{{{string.Join(',', labels)}}}";
    }

    private async Task<JsonNode> PostAsync(string url, HttpContent content)
    {
        using var res = await Client.PostAsync(url, content);
        var text = await res.Content.ReadAsStringAsync();
        if (!res.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {url} answered {(int)res.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Process is not null)
            await Process.DisposeAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held; the temp folder is cleaned by the OS eventually.
        }
    }
}
