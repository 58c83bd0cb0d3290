using System.Net;
using System.Text.Json.Nodes;
using Quarry.Client;

namespace Quarry.Server.Tests;

/// <summary>CRUD of /v1/webhooks: the secret shown once, precise 400s, tenancy, and the API reference.</summary>
public sealed class WebhookApiTests : HostedTest
{
    private const string Url = "http://127.0.0.1:9/hook";

    protected override IReadOnlyDictionary<string, string?>? Settings => WebhookTest.TestSettings();

    [Fact]
    public async Task A_generated_secret_is_shown_once_then_only_as_a_hint()
    {
        var created = await Tenant.Quarry.Webhooks.CreateAsync(new NewWebhook(Url, [WebhookEvents.JobCompleted, WebhookEvents.DocumentCompleted]));
        var secret = created.Secret!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(49, secret.Length);
        Assert.Equal("…" + secret[^4..], created.SecretHint);
        Assert.Equal([WebhookEvents.DocumentCompleted, WebhookEvents.JobCompleted], created.Events);
        Assert.True(created.Enabled);
        Assert.Null(created.DisabledReason);
        Assert.Equal($"/v1/webhooks/{created.Id}/deliveries", created.Links["deliveries"]);

        // Absent, not null: a wire-format promise, read raw.
        var got = await Tenant.Client.GetJsonAsync($"/v1/webhooks/{created.Id}");
        Assert.False(got.AsObject().ContainsKey("secret"));
        Assert.Equal(created.SecretHint, (await Tenant.Quarry.Webhooks.GetAsync(created.Id)).SecretHint);
        var list = await Tenant.Quarry.Webhooks.ListAsync();
        Assert.Equal(1, list.Pagination.Total);
        Assert.All(list.Data, w => Assert.Null(w.Secret));
        Assert.DoesNotContain(secret, await Tenant.Client.GetStringAsync("/v1/webhooks"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_given_secret_is_kept_and_patch_changes_url_events_and_enabled()
    {
        var webhooks = Tenant.Quarry.Webhooks;
        var created = await webhooks.CreateAsync(new NewWebhook(Url, [WebhookEvents.JobFailed], "my-own-secret-1234567"));
        Assert.Equal("my-own-secret-1234567", created.Secret);

        var patched = await webhooks.UpdateAsync(created.Id, new WebhookChanges("https://127.0.0.1:8443/other",
            [WebhookEvents.RowApproved, WebhookEvents.JobFailed], Enabled: false));
        Assert.Equal("https://127.0.0.1:8443/other", patched.Url);
        Assert.Equal([WebhookEvents.JobFailed, WebhookEvents.RowApproved], patched.Events);
        Assert.False(patched.Enabled);
        Assert.Equal("disabled_by_user", patched.DisabledReason);
        Assert.Null(patched.Secret);

        var enabled = await webhooks.UpdateAsync(created.Id, new WebhookChanges(Enabled: true));
        Assert.True(enabled.Enabled);
        Assert.Null(enabled.DisabledReason);

        await webhooks.DeleteAsync(created.Id);
        await Assert.ThrowsAsync<QuarryNotFoundException>(() => webhooks.GetAsync(created.Id));
        await Assert.ThrowsAsync<QuarryNotFoundException>(() => webhooks.DeleteAsync(created.Id));
    }

    [Theory]
    [InlineData("not json", "body")]
    [InlineData("{}", "url")]
    [InlineData("""{"events": ["job.completed"]}""", "url")]
    [InlineData("""{"url": "not a url", "events": ["job.completed"]}""", "url")]
    [InlineData("""{"url": "/relative/hook", "events": ["job.completed"]}""", "url")]
    [InlineData("""{"url": "ftp://127.0.0.1/hook", "events": ["job.completed"]}""", "url")]
    [InlineData("""{"url": "file:///etc/passwd", "events": ["job.completed"]}""", "url")]
    [InlineData("""{"url": "http://user:pass@127.0.0.1/hook", "events": ["job.completed"]}""", "url")]
    [InlineData("""{"url": 42, "events": ["job.completed"]}""", "url")]
    [InlineData("""{"url": "http://127.0.0.1/hook"}""", "events")]
    [InlineData("""{"url": "http://127.0.0.1/hook", "events": []}""", "events")]
    [InlineData("""{"url": "http://127.0.0.1/hook", "events": "job.completed"}""", "events")]
    [InlineData("""{"url": "http://127.0.0.1/hook", "events": ["job.completed", "document.exploded"]}""", "events[1]")]
    [InlineData("""{"url": "http://127.0.0.1/hook", "events": ["job.completed", "job.completed"]}""", "events[1]")]
    [InlineData("""{"url": "http://127.0.0.1/hook", "events": [7]}""", "events[0]")]
    [InlineData("""{"url": "http://127.0.0.1/hook", "events": ["job.completed"], "secret": "short"}""", "secret")]
    [InlineData("""{"url": "http://127.0.0.1/hook", "events": ["job.completed"], "secret": "has spaces in it, sixteen+"}""", "secret")]
    [InlineData("""{"url": "http://127.0.0.1/hook", "events": ["job.completed"], "enabled": false}""", "enabled")]
    [InlineData("""{"url": "http://127.0.0.1/hook", "events": ["job.completed"], "colour": "red"}""", "colour")]
    public async Task Bad_bodies_are_400_with_errors_and_create_nothing(string body, string errorPath)
    {
        var res = await Tenant.Client.PostJsonAsync("/v1/webhooks", body);
        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.True(problem["errors"]?[errorPath] is not null, $"errors lacks '{errorPath}': {problem.ToJsonString()}");
        Assert.Equal(0, (await Tenant.Client.GetJsonAsync("/v1/webhooks"))["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_unknown_event_names_the_events_there_are()
    {
        var res = await Tenant.Client.PostJsonAsync("/v1/webhooks", """{"url": "http://127.0.0.1/hook", "events": ["job.done"]}""");
        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        var message = problem["errors"]!["events[0]"]![0]!.GetValue<string>();
        Assert.Contains("'job.done'", message, StringComparison.Ordinal);
        Assert.Contains("document.completed, document.failed, job.completed, job.failed, job.cancelled, row.review_required, row.approved", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_url_is_400_and_a_huge_body_is_413()
    {
        var longUrl = "http://127.0.0.1/" + new string('a', 3000);
        var res = await Tenant.Client.PostJsonAsync("/v1/webhooks", new JsonObject { ["url"] = longUrl, ["events"] = new JsonArray("job.completed") }.ToJsonString());
        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.Contains("2048", problem["errors"]!["url"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var huge = new JsonObject { ["url"] = "http://127.0.0.1/hook", ["events"] = new JsonArray("job.completed"), ["secret"] = new string('s', 200_000) };
        await (await Tenant.Client.PostJsonAsync("/v1/webhooks", huge.ToJsonString())).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(0, (await Tenant.Client.GetJsonAsync("/v1/webhooks"))["pagination"]!["total"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("{}", "body")]
    [InlineData("""{"enabled": "yes"}""", "enabled")]
    [InlineData("""{"url": "gopher://127.0.0.1/"}""", "url")]
    [InlineData("""{"events": ["nope"]}""", "events[0]")]
    public async Task Bad_patches_are_400(string body, string errorPath)
    {
        var created = await Tenant.Client.CreateWebhookAsync(Url, ["job.completed"]);
        var res = await Tenant.Client.PatchAsync($"/v1/webhooks/{created.Id()}", Api.Json(body));
        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.True(problem["errors"]?[errorPath] is not null, $"errors lacks '{errorPath}': {problem.ToJsonString()}");
    }

    [Fact]
    public async Task Another_organizations_webhook_is_404_everywhere()
    {
        var created = await Tenant.Client.CreateWebhookAsync(Url, ["job.completed"]);
        var other = await Host.NewTenantAsync();
        var path = $"/v1/webhooks/{created.Id()}";
        var delivery = $"{path}/deliveries/{Guid.NewGuid()}";

        await (await other.Client.GetAsync(path)).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.Client.PatchAsync(path, Api.Json("""{"enabled": false}"""))).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.Client.DeleteAsync(path)).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.Client.GetAsync(path + "/deliveries")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.Client.GetAsync(delivery)).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.Client.PostAsync(delivery + "/redeliver", null)).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, (await other.Client.GetJsonAsync("/v1/webhooks"))["pagination"]!["total"]!.GetValue<int>());
        Assert.True((await Tenant.Client.GetJsonAsync(path))["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Ids_that_are_not_uuids_are_400_and_unknown_deliveries_404()
    {
        var created = await Tenant.Client.CreateWebhookAsync(Url, ["job.completed"]);
        var problem = await (await Tenant.Client.GetAsync("/v1/webhooks/nope")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.NotNull(problem["errors"]!["id"]);
        problem = await (await Tenant.Client.GetAsync($"/v1/webhooks/{created.Id()}/deliveries/nope")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.NotNull(problem["errors"]!["delivery_id"]);
        problem = await (await Tenant.Client.GetAsync($"/v1/webhooks/{created.Id()}/deliveries?status=lost")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.NotNull(problem["errors"]!["status"]);
        await (await Tenant.Client.GetAsync($"/v1/webhooks/{created.Id()}/deliveries/{Guid.NewGuid()}")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Tenant.Client.PostAsync($"/v1/webhooks/{created.Id()}/deliveries/{Guid.NewGuid()}/redeliver", null))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_webhook_endpoints_are_in_the_openapi_document()
    {
        var openapi = JsonNode.Parse(await Host.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var paths = openapi["paths"]!;
        Assert.NotNull(paths["/v1/webhooks"]!["post"]!["requestBody"]!["content"]!["application/json"]);
        Assert.NotNull(paths["/v1/webhooks"]!["get"]);
        Assert.NotNull(paths["/v1/webhooks/{id}"]!["patch"]!["requestBody"]);
        Assert.NotNull(paths["/v1/webhooks/{id}"]!["delete"]);
        Assert.NotNull(paths["/v1/webhooks/{id}/deliveries"]!["get"]);
        Assert.NotNull(paths["/v1/webhooks/{id}/deliveries/{delivery_id}"]!["get"]);
        Assert.NotNull(paths["/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver"]!["post"]);
    }
}
