using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Quarry.Bench;

namespace Quarry.Bench.Throughput;

/// <summary><c>seed URL KEY N</c>: on a running server, a completed job of N generated invoices; prints the job id (for bench/load).</summary>
public static class Seed
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: seed URL KEY N");
            return 2;
        }
        using var http = new HttpClient { BaseAddress = new Uri(args[0]), Timeout = TimeSpan.FromMinutes(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", args[1]);
        var n = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        var schema = await PostAsync(http, "/v1/schemas", new StringContent(LocalServer.InvoiceSchema, Encoding.UTF8, "application/json"));
        var ids = new JsonArray();
        foreach (var chunk in Enumerable.Range(0, n).Chunk(100))
        {
            using var form = new MultipartFormDataContent();
            foreach (var i in chunk)
                form.Add(new ByteArrayContent(InvoiceLayouts.Pdf(i)), "file", $"invoice-{i:D5}.pdf");
            foreach (var d in (await PostAsync(http, "/v1/documents", form))["data"]!.AsArray())
                ids.Add(d!["id"]!.GetValue<string>());
        }
        var body = new JsonObject { ["schema_id"] = schema["id"]!.GetValue<string>(), ["document_ids"] = ids };
        var job = (await PostAsync(http, "/v1/jobs", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json")))["id"]!.GetValue<string>();
        while ((await http.GetFromJsonAsync<JsonNode>($"/v1/jobs/{job}"))!["status"]!.GetValue<string>() is "queued" or "processing")
            await Task.Delay(200);
        Console.WriteLine(job);
        return 0;
    }

    private static async Task<JsonNode> PostAsync(HttpClient http, string url, HttpContent content)
    {
        using var res = await http.PostAsync(url, content);
        var text = await res.Content.ReadAsStringAsync();
        return res.IsSuccessStatusCode ? JsonNode.Parse(text)! : throw new InvalidOperationException($"POST {url}: {(int)res.StatusCode} {text}");
    }
}
