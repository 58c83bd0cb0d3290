using System.Globalization;
using System.Text.Json.Nodes;

namespace Quarry.Server.Tests;

/// <summary>Deliveries to a real receiver on a loopback port: signed, retried with the same id, disabled on 410 or repeated failure.</summary>
public sealed class WebhookDeliveryTests : WebhookTest
{
    private const string Secret = "whsec_test_secret_for_deliveries";

    [Fact]
    public async Task A_finished_job_sends_signed_job_document_and_row_events()
    {
        var receiver = await Own(WebhookReceiver.AnsweringAsync());
        var t = await StartHost().NewTenantAsync();
        var hook = await t.Client.CreateWebhookAsync(receiver.Url,
            ["document.completed", "document.failed", "job.completed", "row.review_required", "row.approved"], Secret);

        var schema = await t.Client.CreateInvoiceSchemaAsync();
        var docs = await t.Client.UploadAsync(("invoice_oct.pdf", TestInvoices.October()), ("invoice_nov.pdf", TestInvoices.November()));
        var job = await t.Client.CreateJobAsync(schema.Id(), docs.Select(d => d!.Id()));
        await t.Client.WaitForJobAsync(job.Id());

        var got = await receiver.WaitForAsync(r => r.Count >= 5);
        await Task.Delay(300); // nothing more should come
        got = receiver.Received;
        Assert.Equal(["document.completed", "document.completed", "job.completed", "row.approved", "row.review_required"],
            got.Select(r => r.Event!).Order(StringComparer.Ordinal));
        foreach (var r in got)
        {
            Assert.True(WebhookApi.SignatureVerifies(r, Secret), $"signature of {r.Event} does not verify");
            Assert.False(WebhookApi.SignatureVerifies(r, Secret + "x"));
            Assert.True(long.TryParse(r.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out _));
            Assert.StartsWith("application/json", r.ContentType, StringComparison.Ordinal);
            var body = JsonNode.Parse(r.Body)!;
            Assert.Equal(r.DeliveryId, body["id"]!.GetValue<string>());
            Assert.Equal(r.Event, body["event"]!.GetValue<string>());
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", body["created_at"]!.GetValue<string>());
        }

        var jobEvent = JsonNode.Parse(got.Single(r => r.Event == "job.completed").Body)!["data"]!["job"]!;
        Assert.Equal(job.Id(), jobEvent["id"]!.GetValue<string>());
        Assert.Equal("complete", jobEvent["status"]!.GetValue<string>());
        Assert.Equal(2, jobEvent["completed_documents"]!.GetValue<int>());

        var documents = got.Where(r => r.Event == "document.completed").Select(r => JsonNode.Parse(r.Body)!["data"]!).ToList();
        Assert.Equal(docs.Select(d => d!.Id()).Order(), documents.Select(d => d["row"]!["document_id"]!.GetValue<string>()).Order());
        Assert.All(documents, d => Assert.Equal(job.Id(), d["job_id"]!.GetValue<string>()));
        var approved = JsonNode.Parse(got.Single(r => r.Event == "row.approved").Body)!["data"]!["row"]!;
        Assert.Equal("invoice_oct.pdf", approved["filename"]!.GetValue<string>());
        Assert.Equal("approved", approved["status"]!.GetValue<string>());
        var review = JsonNode.Parse(got.Single(r => r.Event == "row.review_required").Body)!["data"]!["row"]!;
        Assert.Equal(["missing_required_field:total"], review["validation_flags"]!.AsArray().Select(f => f!.GetValue<string>()));

        var history = await t.Client.WaitForDeliveriesAsync(hook.Id(), d => d.Count == 5 && d.All(x => x!["status"]!.GetValue<string>() == "delivered"));
        Assert.All(history, d =>
        {
            Assert.Equal(1, d!["attempt_count"]!.GetValue<int>());
            Assert.Equal(200, d["attempts"]![0]!["response_status"]!.GetValue<int>());
            Assert.Null(d["next_attempt_at"]);
        });
    }

    [Fact]
    public async Task A_500_is_retried_with_the_same_delivery_id_and_body()
    {
        var receiver = await Own(WebhookReceiver.AnsweringAsync(500, 503));
        var t = await StartHost().NewTenantAsync();
        var hook = await t.Client.CreateWebhookAsync(receiver.Url, ["job.completed"], Secret);
        await t.Client.RunSmallJobAsync();

        var got = await receiver.WaitForAsync(r => r.Count >= 3);
        Assert.Single(got.Select(r => r.DeliveryId).Distinct());
        Assert.Single(got.Select(r => r.Body).Distinct());
        Assert.All(got, r => Assert.True(WebhookApi.SignatureVerifies(r, Secret)));

        var delivery = (await t.Client.WaitForDeliveriesAsync(hook.Id(), d => d.Count == 1 && d[0]!["status"]!.GetValue<string>() == "delivered"))[0]!;
        Assert.Equal(got[0].DeliveryId, delivery.Id());
        Assert.Equal(3, delivery["attempt_count"]!.GetValue<int>());
        Assert.Equal([500, 503, 200], delivery["attempts"]!.AsArray().Select(a => a!["response_status"]!.GetValue<int>()));
        Assert.Equal([1, 2, 3], delivery["attempts"]!.AsArray().Select(a => a!["number"]!.GetValue<int>()));
        Assert.Equal("job.completed", delivery["payload"]!["event"]!.GetValue<string>());
        Assert.Equal(0, (await t.Client.GetJsonAsync($"/v1/webhooks/{hook.Id()}"))["consecutive_failures"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_in_time_gets_the_delivery_again()
    {
        var receiver = await Own(WebhookReceiver.StartAsync(async (_, n, ct) =>
        {
            if (n == 0) await Task.Delay(TimeSpan.FromSeconds(20), ct);
            return 200;
        }));
        var t = await StartHost().NewTenantAsync();
        var hook = await t.Client.CreateWebhookAsync(receiver.Url, ["job.completed"]);
        await t.Client.RunSmallJobAsync();

        var got = await receiver.WaitForAsync(r => r.Count >= 2);
        Assert.Equal(got[0].DeliveryId, got[1].DeliveryId);
        var delivery = (await t.Client.WaitForDeliveriesAsync(hook.Id(), d => d.Count == 1 && d[0]!["status"]!.GetValue<string>() == "delivered"))[0]!;
        var first = delivery["attempts"]![0]!;
        Assert.Null(first["response_status"]);
        Assert.Contains("timed out", first["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(200, delivery["attempts"]![1]!["response_status"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_redirect_is_a_failed_attempt_and_is_not_followed()
    {
        var receiver = await Own(WebhookReceiver.AnsweringAsync(307));
        var t = await StartHost().NewTenantAsync();
        var hook = await t.Client.CreateWebhookAsync(receiver.Url, ["job.completed"]);
        await t.Client.RunSmallJobAsync();

        var delivery = (await t.Client.WaitForDeliveriesAsync(hook.Id(), d => d.Count == 1 && d[0]!["status"]!.GetValue<string>() == "delivered"))[0]!;
        Assert.Contains("redirects are not followed", delivery["attempts"]![0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(receiver.Received, r => Assert.Equal("/hook", r.Path));
    }

    [Fact]
    public async Task A_410_disables_the_webhook_at_once_and_a_redelivery_keeps_the_delivery_id()
    {
        var receiver = await Own(WebhookReceiver.AnsweringAsync(410));
        var t = await StartHost().NewTenantAsync();
        var hook = await t.Client.CreateWebhookAsync(receiver.Url, ["job.completed"]);
        await t.Client.RunSmallJobAsync();

        var disabled = await t.Client.WaitForAsync($"/v1/webhooks/{hook.Id()}", w => !w["enabled"]!.GetValue<bool>());
        Assert.Equal("receiver_gone", disabled["disabled_reason"]!.GetValue<string>());
        Assert.NotNull(disabled["disabled_at"]);
        var failed = (await t.Client.DeliveriesAsync(hook.Id())).Single()!;
        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.Equal(410, failed["last_response_status"]!.GetValue<int>());
        Assert.Single(receiver.Received);

        // A disabled webhook takes no redelivery until it is enabled again.
        var redeliver = $"/v1/webhooks/{hook.Id()}/deliveries/{failed.Id()}/redeliver";
        await (await t.Client.PostAsync(redeliver, null)).ExpectProblemAsync(System.Net.HttpStatusCode.Conflict, "conflict");
        await (await t.Client.PatchAsync($"/v1/webhooks/{hook.Id()}", Api.Json("""{"enabled": true}"""))).ExpectAsync(System.Net.HttpStatusCode.OK);
        var queued = await (await t.Client.PostAsync(redeliver, null)).ExpectAsync(System.Net.HttpStatusCode.Accepted);
        Assert.Equal(failed.Id(), queued.Id());

        var got = await receiver.WaitForAsync(r => r.Count >= 2);
        Assert.Equal(got[0].DeliveryId, got[1].DeliveryId);
        Assert.Equal(got[0].Body, got[1].Body);
        var delivered = await t.Client.WaitForAsync($"/v1/webhooks/{hook.Id()}/deliveries/{failed.Id()}", d => d["status"]!.GetValue<string>() == "delivered");
        Assert.Equal([410, 200], delivered["attempts"]!.AsArray().Select(a => a!["response_status"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Deliveries_that_fail_after_every_retry_disable_the_webhook_after_the_configured_count()
    {
        var receiver = await Own(WebhookReceiver.StartAsync((_, _, _) => Task.FromResult(500)));
        var t = await StartHost(new Dictionary<string, string?>
        {
            ["Quarry:Webhooks:RetrySchedule"] = "100ms",
            ["Quarry:Webhooks:DisableAfterFailures"] = "2",
        }).NewTenantAsync();
        var hook = await t.Client.CreateWebhookAsync(receiver.Url, ["document.completed", "job.completed"]);
        await t.Client.RunSmallJobAsync();

        var disabled = await t.Client.WaitForAsync($"/v1/webhooks/{hook.Id()}", w => !w["enabled"]!.GetValue<bool>());
        Assert.Equal("consecutive_failures", disabled["disabled_reason"]!.GetValue<string>());
        var deliveries = await t.Client.DeliveriesAsync(hook.Id());
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d =>
        {
            Assert.Equal("failed", d!["status"]!.GetValue<string>());
            Assert.Equal(2, d["attempt_count"]!.GetValue<int>());
            Assert.Equal(500, d["last_response_status"]!.GetValue<int>());
        });
        Assert.Equal(4, receiver.Received.Count);
    }

    [Fact]
    public async Task Cancelling_a_job_sends_job_cancelled_and_unsubscribed_events_are_not_sent()
    {
        var receiver = await Own(WebhookReceiver.AnsweringAsync());
        var gate = new GateHooks(Quarry.Core.Extraction.PhaseNames.InOrder[0]);
        var t = await StartHost(hooks: gate).NewTenantAsync();
        var hook = await t.Client.CreateWebhookAsync(receiver.Url, ["job.cancelled"]);

        var schema = await t.Client.CreateInvoiceSchemaAsync();
        var docs = await t.Client.UploadAsync(("note.txt", "Total: 1.00"u8.ToArray()));
        var job = await t.Client.CreateJobAsync(schema.Id(), docs.Select(d => d!.Id()));
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await (await t.Client.PostAsync($"/v1/jobs/{job.Id()}/cancel", null)).ExpectAsync(System.Net.HttpStatusCode.OK);
        gate.Open();

        var got = await receiver.WaitForAsync(r => r.Count >= 1);
        var data = JsonNode.Parse(got[0].Body)!["data"]!["job"]!;
        Assert.Equal("cancelled", data["status"]!.GetValue<string>());
        Assert.Equal(job.Id(), data["id"]!.GetValue<string>());
        await Task.Delay(300);
        Assert.Equal(["job.cancelled"], receiver.Received.Select(r => r.Event!));
        Assert.Single(await t.Client.DeliveriesAsync(hook.Id()));
    }

    [Fact]
    public async Task A_delivery_waiting_for_its_retry_survives_a_restart()
    {
        var receiver = await Own(WebhookReceiver.AnsweringAsync(500));
        var settings = new Dictionary<string, string?> { ["Quarry:Webhooks:RetrySchedule"] = "2s" };
        var first = StartHost(settings);
        var t = await first.NewTenantAsync();
        var hook = await t.Client.CreateWebhookAsync(receiver.Url, ["job.completed"]);
        await t.Client.RunSmallJobAsync();
        await receiver.WaitForAsync(r => r.Count >= 1);
        await t.Client.WaitForDeliveriesAsync(hook.Id(), d => d.Count == 1 && d[0]!["attempts"]!.AsArray().Count == 1);
        await first.DisposeAsync();

        var second = StartHost(settings);
        var client = second.CreateClient();
        client.DefaultRequestHeaders.Authorization = t.Client.DefaultRequestHeaders.Authorization;
        var delivery = (await client.WaitForDeliveriesAsync(hook.Id(), d => d.Count == 1 && d[0]!["status"]!.GetValue<string>() == "delivered"))[0]!;
        Assert.Equal(2, delivery["attempt_count"]!.GetValue<int>());
        var got = receiver.Received;
        Assert.Equal(2, got.Count);
        Assert.Equal(got[0].DeliveryId, got[1].DeliveryId);
    }
}
