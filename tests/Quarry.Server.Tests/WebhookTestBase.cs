using Quarry.Server.Pipeline;

namespace Quarry.Server.Tests;

/// <summary>
/// A fresh database per test and hosts started on it with webhook settings for tests: loopback targets allowed (the
/// receiver is on 127.0.0.1), retries after 100 ms, a one-second attempt timeout, fast polling.
/// </summary>
public abstract class WebhookTest : DatabaseTest
{
    private readonly List<IAsyncDisposable> _owned = [];

    public static Dictionary<string, string?> TestSettings() => new()
    {
        ["Quarry:Webhooks:AllowPrivateTargets"] = "true",
        ["Quarry:Webhooks:RetrySchedule"] = "100ms, 100ms",
        ["Quarry:Webhooks:TimeoutSeconds"] = "1",
        ["Quarry:Webhooks:PollMilliseconds"] = "50",
    };

    protected QuarryHost StartHost(IReadOnlyDictionary<string, string?>? overrides = null, IPipelineHooks? hooks = null)
    {
        var settings = TestSettings();
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>())
            settings[k] = v;
        var host = new QuarryHost(Db, settings, hooks);
        _owned.Add(host);
        return host;
    }

    protected async Task<WebhookReceiver> Own(Task<WebhookReceiver> starting)
    {
        var receiver = await starting;
        _owned.Add(receiver);
        return receiver;
    }

    public override async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
            await _owned[i].DisposeAsync();
        await base.DisposeAsync();
    }
}
