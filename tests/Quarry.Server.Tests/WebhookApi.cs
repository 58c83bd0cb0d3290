using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Quarry.Server.Tests;

/// <summary>Webhook calls over the public API, and the receiver's side of a signature check.</summary>
public static class WebhookApi
{
    public static async Task<JsonNode> CreateWebhookAsync(this HttpClient client, string url, string[] events, string? secret = null)
    {
        var body = new JsonObject
        {
            ["url"] = url,
            ["events"] = new JsonArray(events.Select(e => (JsonNode)JsonValue.Create(e)!).ToArray()),
        };
        if (secret is not null) body["secret"] = secret;
        return await (await client.PostJsonAsync("/v1/webhooks", body.ToJsonString())).ExpectAsync(HttpStatusCode.Created);
    }

    public static async Task<JsonArray> DeliveriesAsync(this HttpClient client, string webhookId) =>
        (await client.GetJsonAsync($"/v1/webhooks/{webhookId}/deliveries?limit=200"))["data"]!.AsArray();

    /// <summary>Polls the webhook's deliveries until <paramref name="done"/> holds.</summary>
    public static async Task<JsonArray> WaitForDeliveriesAsync(this HttpClient client, string webhookId, Func<JsonArray, bool> done) =>
        (await client.WaitForAsync($"/v1/webhooks/{webhookId}/deliveries?limit=200", page => done(page["data"]!.AsArray()), seconds: 30))["data"]!.AsArray();

    /// <summary>What a receiver does, written from the documentation rather than with Quarry's own code.</summary>
    public static bool SignatureVerifies(ReceivedWebhook r, string secret)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{r.Timestamp}.{r.Body}"));
        return r.Signature == "sha256=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>A one-document job (a text file: parsed at once) that the pipeline runs to the end.</summary>
    public static async Task<string> RunSmallJobAsync(this HttpClient client, string text = "Invoice Number: INV-7\nVendor: Acme\nTotal: 12.50\n")
    {
        var schema = await client.CreateInvoiceSchemaAsync();
        var docs = await client.UploadAsync(("note.txt", Encoding.UTF8.GetBytes(text)));
        var job = await client.CreateJobAsync(schema.Id(), docs.Select(d => d!.Id()));
        await client.WaitForJobAsync(job.Id());
        return job.Id();
    }
}
