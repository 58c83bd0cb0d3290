using System.Collections.Concurrent;
using Quarry.Data;
using Quarry.Data.Stores;

namespace Quarry.Data.Tests;

/// <summary>The webhook outbox under several dispatchers: each delivery claimed by one, taken over after a lease, counted once.</summary>
public sealed class WebhookStoreTests(DataFixture fx) : IClassFixture<DataFixture>
{
    private readonly FakeTime _time = new();
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Concurrent_dispatchers_never_claim_the_same_delivery()
    {
        var (webhook, deliveries) = await WebhookWithDeliveriesAsync(40);
        var store = new WebhookDeliveryStore(fx.Db, _time);
        var claimed = new ConcurrentBag<Guid>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            IReadOnlyList<WebhookDeliveryClaim> batch;
            do
            {
                batch = await store.ClaimAsync($"dispatcher-{w}", Lease, 5, default);
                foreach (var c in batch.Where(c => c.WebhookId == webhook.Id))
                    claimed.Add(c.Id);
            } while (batch.Count > 0);
        })));
        Assert.Equal(deliveries.Order(), claimed.Order());
    }

    [Fact]
    public async Task A_delivery_left_by_a_dead_dispatcher_is_taken_over_after_its_lease_and_recorded_once()
    {
        var (webhook, _) = await WebhookWithDeliveriesAsync(1);
        var store = new WebhookDeliveryStore(fx.Db, _time);
        var a = (await store.ClaimAsync("a", Lease, 100, default)).Single(c => c.WebhookId == webhook.Id);
        Assert.DoesNotContain(await store.ClaimAsync("b", Lease, 100, default), c => c.WebhookId == webhook.Id);

        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        var b = (await store.ClaimAsync("b", Lease, 100, default)).Single(c => c.WebhookId == webhook.Id);
        Assert.Equal(a.Id, b.Id);
        Assert.Equal(2, b.Attempts);
        Assert.Equal(webhook.Url, b.Url);

        var delivered = new AttemptOutcome(AttemptResult.Delivered, 200, null, 5, null);
        Assert.Null(await store.RecordAttemptAsync(a, "a", delivered, 5, default));
        await store.RecordAttemptAsync(b, "b", delivered, 5, default);
        var record = await store.GetAsync(webhook.OrganizationId, webhook.Id, a.Id, default);
        Assert.Equal(WebhookDeliveryStatuses.Delivered, record!.Status);
        Assert.Equal([2], (await store.AttemptsAsync([a.Id], default))[a.Id].Select(x => x.Attempt));
    }

    [Fact]
    public async Task An_event_queued_twice_is_one_delivery_and_a_disabled_webhook_is_not_claimed()
    {
        var (webhook, deliveries) = await WebhookWithDeliveriesAsync(1);
        var store = new WebhookDeliveryStore(fx.Db, _time);
        await store.EnqueueAsync([new NewWebhookDelivery(Guid.NewGuid(), webhook.Id, webhook.OrganizationId, "job.completed", "key-0", "{}")], _time.GetUtcNow(), default);
        Assert.Equal(1, (await store.ListAsync(webhook.OrganizationId, webhook.Id, null, 10, null, default)).Total);

        await new WebhookStore(fx.Db, _time).UpdateAsync(webhook.OrganizationId, webhook.Id, new WebhookChanges(null, null, null, Enabled: false), default);
        Assert.DoesNotContain(await store.ClaimAsync("a", Lease, 100, default), c => c.WebhookId == webhook.Id);
        var failed = await store.GetAsync(webhook.OrganizationId, webhook.Id, deliveries[0], default);
        Assert.Equal(WebhookDeliveryStatuses.Failed, failed!.Status);
        Assert.Contains("disabled", failed.LastError, StringComparison.Ordinal);
    }

    private async Task<(WebhookRecord, List<Guid>)> WebhookWithDeliveriesAsync(int count)
    {
        var org = await new OrganizationStore(fx.Db, _time).GetOrCreateAsync("hooks-" + Guid.NewGuid(), default);
        var webhook = await new WebhookStore(fx.Db, _time).CreateAsync(org.Id, "https://example.com/hook", """["job.completed"]""", "whsec_0123456789abcdef", default);
        var batch = Enumerable.Range(0, count)
            .Select(i => new NewWebhookDelivery(Guid.NewGuid(), webhook.Id, org.Id, "job.completed", $"key-{i}", "{}")).ToList();
        await new WebhookDeliveryStore(fx.Db, _time).EnqueueAsync(batch, _time.GetUtcNow(), default);
        return (webhook, batch.Select(d => d.Id).ToList());
    }
}
