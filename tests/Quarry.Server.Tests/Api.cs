using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Quarry.Server.Tests;

/// <summary>Small helpers over the public HTTP API, so tests read as the calls a user makes.</summary>
public static class Api
{
    public static async Task<JsonNode> CreateSchemaAsync(this HttpClient client, string json)
    {
        var res = await client.PostAsync("/v1/schemas", new StringContent(json, Encoding.UTF8, "application/json"));
        return await res.ExpectAsync(HttpStatusCode.Created);
    }

    public static Task<JsonNode> CreateInvoiceSchemaAsync(this HttpClient client) => client.CreateSchemaAsync(InvoiceSchema);

    /// <summary>The invoice schema most tests use: a number and a total (both required), a vendor and a date.</summary>
    public const string InvoiceSchema = """
        {"name": "Invoice", "fields": [
            {"name": "invoice_number", "type": "string", "required": true, "aliases": ["invoice no"]},
            {"name": "vendor", "type": "string"},
            {"name": "total", "type": "currency_amount", "required": true},
            {"name": "date", "type": "date"}
        ]}
        """;

    public static async Task<JsonArray> UploadAsync(this HttpClient client, params (string Name, byte[] Bytes)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
            form.Add(new ByteArrayContent(bytes), "file", name);
        var res = await client.PostAsync("/v1/documents", form);
        return (await res.ExpectAsync(HttpStatusCode.Created))["data"]!.AsArray();
    }

    public static async Task<JsonNode> CreateJobAsync(this HttpClient client, string schemaId, IEnumerable<string>? documentIds = null)
    {
        var body = new JsonObject { ["schema_id"] = schemaId };
        if (documentIds is not null)
            body["document_ids"] = new JsonArray(documentIds.Select(i => (JsonNode)JsonValue.Create(i)!).ToArray());
        var res = await client.PostAsync("/v1/jobs", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        return await res.ExpectAsync(HttpStatusCode.Created);
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.GetAsync(url)).ExpectAsync(expected);

    /// <summary>Polls <paramref name="url"/> until <paramref name="done"/> holds, or fails after <paramref name="seconds"/>.</summary>
    public static async Task<JsonNode> WaitForAsync(this HttpClient client, string url, Func<JsonNode, bool> done, int seconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        JsonNode last;
        do
        {
            last = await client.GetJsonAsync(url);
            if (done(last)) return last;
            await Task.Delay(50);
        } while (DateTime.UtcNow < until);
        throw new TimeoutException($"{url} did not reach the expected state in {seconds}s; last: {last.ToJsonString()}");
    }

    public static Task<JsonNode> WaitForJobAsync(this HttpClient client, string jobId) =>
        client.WaitForAsync($"/v1/jobs/{jobId}", j => j["status"]!.GetValue<string>() is "complete" or "failed" or "cancelled");

    public static async Task<JsonNode> ExpectAsync(this HttpResponseMessage res, HttpStatusCode expected)
    {
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == expected, $"Expected {(int)expected} but got {(int)res.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Asserts a problem+json error with the given status and code, and returns it.</summary>
    public static async Task<JsonNode> ExpectProblemAsync(this HttpResponseMessage res, HttpStatusCode status, string code)
    {
        var body = await res.ExpectAsync(status);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, body["code"]?.GetValue<string>());
        Assert.Equal(res.Headers.GetValues("X-Request-Id").Single(), body["request_id"]?.GetValue<string>());
        Assert.Equal((int)status, body["status"]!.GetValue<int>());
        return body;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static HttpRequestMessage Request(HttpMethod method, string url, HttpContent? content = null, string? key = null)
    {
        var req = new HttpRequestMessage(method, url) { Content = content };
        if (key is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return req;
    }

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, Json(json));

    public static string Id(this JsonNode node) => node["id"]!.GetValue<string>();

    public static Task<T?> ReadAsAsync<T>(this HttpResponseMessage res) => res.Content.ReadFromJsonAsync<T>(JsonOptions);
}
