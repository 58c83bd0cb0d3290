using System.Net.Http.Headers;
using System.Text.Json;
using Quarry.Testing;

namespace Quarry.Server.Tests;

/// <summary>
/// <c>Quarry:Logging:Json=true</c>: the real server process writes one JSON object per line, and the lines of the
/// background work carry the job and document ids in their scopes — and never the API key.
/// </summary>
public sealed class JsonLogTests : DatabaseTest
{
    [Fact]
    public async Task Json_logs_carry_job_and_document_ids()
    {
        var env = new Dictionary<string, string>
        {
            ["Quarry__DataDir"] = Db.DataDir,
            ["Quarry__Database__Provider"] = Db.Provider,
            ["Quarry__Review__CalibrationFile"] = TestCalibration.Path,
            ["Quarry__Workers__PollMilliseconds"] = "50",
            ["Quarry__Logging__Json"] = "true",
            ["Logging__LogLevel__Quarry"] = "Debug",
        };
        if (Db.ConnectionString is not null)
            env["ConnectionStrings__Quarry"] = Db.ConnectionString;
        await using var server = ServerProcess.Start(Path.Combine(AppContext.BaseDirectory, "quarry.dll"), "all", env);
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        await server.WaitHealthyAsync(http, TimeSpan.FromSeconds(60));
        var key = await FirstKeyAsync(server);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var schema = await http.CreateInvoiceSchemaAsync();
        var doc = (await http.UploadAsync(("a.pdf", TestInvoices.October())))[0]!.Id();
        var job = (await http.CreateJobAsync(schema.Id(), [doc])).Id();
        await http.WaitForJobAsync(job);

        var rowLine = await WaitForLineAsync(server, l => HasScope(l, "JobId", job) && HasScope(l, "DocumentId", doc));
        Assert.Equal("Quarry.Server.Pipeline.RowProcessor", rowLine.GetProperty("Category").GetString());
        var parseLine = await WaitForLineAsync(server, l => HasScope(l, "DocumentId", doc)
            && l.GetProperty("Category").GetString() == "Quarry.Server.Pipeline.IngestWorker");
        Assert.EndsWith("Z", parseLine.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
        var logLines = server.Output.Split('\n').Where(l => l.StartsWith('{')).ToList();
        Assert.NotEmpty(logLines);
        Assert.DoesNotContain(logLines, l => l.Contains(key, StringComparison.Ordinal));
    }

    private static bool HasScope(JsonElement line, string name, string id) =>
        line.TryGetProperty("Scopes", out var scopes) && scopes.ValueKind == JsonValueKind.Array
        && scopes.EnumerateArray().Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty(name, out var v) && v.GetString() == id);

    private static async Task<JsonElement> WaitForLineAsync(ServerProcess server, Func<JsonElement, bool> match)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
        {
            foreach (var text in server.Output.Split('\n').Where(l => l.StartsWith('{')))
            {
                var line = JsonDocument.Parse(text).RootElement;
                if (match(line)) return line;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("No such JSON log line in:\n" + server.Output);
    }

    private static async Task<string> FirstKeyAsync(ServerProcess server)
    {
        for (var i = 0; i < 100; i++)
        {
            var key = server.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("qk_", StringComparison.Ordinal));
            if (key is not null) return key;
            await Task.Delay(100);
        }
        throw new InvalidOperationException("The server printed no key:\n" + server.Output);
    }
}
