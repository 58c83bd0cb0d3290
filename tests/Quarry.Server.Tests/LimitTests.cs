using System.Net;
using System.Text;

namespace Quarry.Server.Tests;

/// <summary>The job size limit and back-pressure on uploads, with small limits so the tests stay small.</summary>
public sealed class LimitTests : DatabaseTest
{
    private static readonly Dictionary<string, string?> Small = new()
    {
        ["Quarry:Limits:MaxDocumentsPerJob"] = "2",
        ["Quarry:Limits:MaxQueueDepth"] = "2",
        ["Quarry:Limits:QueueRetryAfterSeconds"] = "7",
        ["Quarry:Workers:Concurrency"] = "1",
    };

    private static (string, byte[]) Text(int i) => ($"t{i}.txt", Encoding.UTF8.GetBytes($"Invoice Number: INV-{i}\nTotal: {i}.00\n"));

    [Fact]
    public async Task A_job_over_the_configured_size_is_refused_with_the_limit_named()
    {
        await using var host = new QuarryHost(Db, Small);
        var t = await host.NewTenantAsync();
        var schema = await t.Client.CreateInvoiceSchemaAsync();
        var docs = (await t.Client.UploadAsync(Text(1))).Concat(await t.Client.UploadAsync(Text(2), Text(3))).Select(d => d!.Id()).ToList();

        var body = $$"""{"schema_id": "{{schema.Id()}}", "document_ids": [{{string.Join(',', docs.Select(d => $"\"{d}\""))}}]}""";
        var problem = await (await t.Client.PostJsonAsync("/v1/jobs", body)).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.Contains("at most 2 documents", problem["errors"]!["document_ids"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        // Without document_ids, more waiting documents than a job takes is refused the same way.
        var all = await (await t.Client.PostJsonAsync("/v1/jobs", $$"""{"schema_id": "{{schema.Id()}}"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.NotNull(all["errors"]!["document_ids"]);

        await t.Client.CreateJobAsync(schema.Id(), docs.Take(2));
    }

    [Fact]
    public async Task Uploads_answer_503_with_retry_after_while_the_parse_queue_is_full_and_are_taken_again_once_it_drains()
    {
        var gate = new ParseGate();
        await using var host = new QuarryHost(Db, Small, gate);
        var t = await host.NewTenantAsync();
        // Three files in one upload are taken (the queue was empty); the worker holds one, two or three wait.
        var first = await t.Client.UploadAsync(Text(1), Text(2), Text(3));

        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("x")), "file", "more.txt" } };
        var refused = await t.Client.PostAsync("/v1/documents", form);
        var problem = await refused.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter!.Delta);
        Assert.Contains("Retry after 7 seconds", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var list = await t.Client.GetJsonAsync("/v1/documents");
        Assert.Equal(3, list["pagination"]!["total"]!.GetValue<int>());

        gate.Open();
        foreach (var d in first)
            await t.Client.WaitForAsync($"/v1/documents/{d!.Id()}", doc => doc["status"]!.GetValue<string>() == "completed");
        await t.Client.UploadAsync(Text(4));
    }
}
