using System.Net;
using System.Net.Http.Json;
using Quarry.Server.Webhooks;

namespace Quarry.Server.Tests;

/// <summary>
/// Without <c>Quarry:Webhooks:AllowPrivateTargets</c>, a webhook can only call public addresses: when it is saved,
/// and again when each delivery connects (the DNS answer may have changed since).
/// </summary>
public sealed class WebhookTargetTests : HostedTest
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("https://LOCALHOST/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://172.20.0.5/hook")]
    [InlineData("http://192.168.1.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://0.0.0.0/hook")]
    [InlineData("http://100.64.0.1/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://2130706433/hook")]
    public async Task Private_loopback_and_link_local_targets_are_refused(string url)
    {
        var res = await Tenant.Client.PostJsonAsync("/v1/webhooks", $$"""{"url": "{{url}}", "events": ["job.completed"]}""");
        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.Contains("not a public address", problem["errors"]!["url"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, (await Tenant.Client.GetJsonAsync("/v1/webhooks"))["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_patch_to_a_private_target_is_refused_too()
    {
        // A public address literal needs no DNS, so this runs offline; nothing is sent to it.
        var created = await Tenant.Client.CreateWebhookAsync("https://93.184.215.14/hook", ["job.completed"]);
        var res = await Tenant.Client.PatchAsync($"/v1/webhooks/{created.Id()}", Api.Json("""{"url": "http://127.0.0.1/hook"}"""));
        await res.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.Equal("https://93.184.215.14/hook", (await Tenant.Client.GetJsonAsync($"/v1/webhooks/{created.Id()}"))["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task At_delivery_time_a_private_address_is_not_connected_to()
    {
        await using var receiver = await WebhookReceiver.AnsweringAsync();
        using var guarded = new HttpClient(GuardedConnect.CreateHandler(allowPrivateTargets: false));
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => guarded.PostAsJsonAsync(receiver.Url, new { hello = 1 }));
        Assert.Contains("not a public address", e.ToString(), StringComparison.Ordinal);
        Assert.Empty(receiver.Received);

        using var allowed = new HttpClient(GuardedConnect.CreateHandler(allowPrivateTargets: true));
        (await allowed.PostAsJsonAsync(receiver.Url, new { hello = 1 })).EnsureSuccessStatusCode();
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Redirects_are_not_followed()
    {
        await using var receiver = await WebhookReceiver.AnsweringAsync(302);
        using var client = new HttpClient(GuardedConnect.CreateHandler(allowPrivateTargets: true));
        var res = await client.PostAsJsonAsync(receiver.Url, new { hello = 1 });
        Assert.Equal(HttpStatusCode.Found, res.StatusCode);
        Assert.Equal(["/hook"], receiver.Received.Select(r => r.Path));
    }
}
