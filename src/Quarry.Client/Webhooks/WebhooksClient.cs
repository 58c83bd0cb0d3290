namespace Quarry.Client;

/// <summary><c>/v1/webhooks</c>: subscriptions, their delivery history, redelivery.</summary>
public sealed class WebhooksClient
{
    private readonly QuarryHttp _http;

    internal WebhooksClient(QuarryHttp http) => _http = http;

    /// <summary>Subscribes a URL; the answer's <see cref="Webhook.Secret"/> is shown this once.</summary>
    public Task<Webhook> CreateAsync(NewWebhook webhook, string? idempotencyKey = null, CancellationToken ct = default) =>
        _http.SendJsonAsync<Webhook>(HttpMethod.Post, "v1/webhooks", webhook, idempotencyKey, ct);

    public Task<Page<Webhook>> ListAsync(PageRequest? page = null, CancellationToken ct = default) =>
        _http.GetAsync<Page<Webhook>>(new Query("v1/webhooks").Add("limit", page?.Limit).Add("cursor", page?.Cursor).ToString(), ct);

    public IAsyncEnumerable<Webhook> ListAllAsync(CancellationToken ct = default) =>
        Pager.AllAsync((cursor, token) => ListAsync(new PageRequest(Pager.MaxLimit, cursor), token), ct);

    public Task<Webhook> GetAsync(Guid id, CancellationToken ct = default) => _http.GetAsync<Webhook>(Path(id), ct);

    /// <summary>Changes the URL, events or secret, or enables (resetting the failure count) or disables the webhook.</summary>
    public Task<Webhook> UpdateAsync(Guid id, WebhookChanges changes, CancellationToken ct = default) =>
        _http.SendJsonAsync<Webhook>(HttpMethod.Patch, Path(id), changes, null, ct);

    public Task DeleteAsync(Guid id, CancellationToken ct = default) => _http.DeleteAsync(Path(id), ct);

    /// <summary>A webhook's deliveries, newest first.</summary>
    public Task<Page<WebhookDelivery>> ListDeliveriesAsync(Guid id, DeliveryListRequest? request = null, CancellationToken ct = default) =>
        _http.GetAsync<Page<WebhookDelivery>>(new Query(Path(id) + "/deliveries").Add("status", request?.Status)
            .Add("limit", request?.Limit).Add("cursor", request?.Cursor).ToString(), ct);

    public IAsyncEnumerable<WebhookDelivery> ListAllDeliveriesAsync(Guid id, string? status = null, CancellationToken ct = default) =>
        Pager.AllAsync((cursor, token) => ListDeliveriesAsync(id, new DeliveryListRequest(status, Pager.MaxLimit, cursor), token), ct);

    public Task<WebhookDelivery> GetDeliveryAsync(Guid id, Guid deliveryId, CancellationToken ct = default) =>
        _http.GetAsync<WebhookDelivery>($"{Path(id)}/deliveries/{Query.Id(deliveryId)}", ct);

    /// <summary>Queues a delivery again at once (same id and body, a fresh retry schedule). 409 while an attempt runs or the webhook is disabled.</summary>
    public Task<WebhookDelivery> RedeliverAsync(Guid id, Guid deliveryId, string? idempotencyKey = null, CancellationToken ct = default) =>
        _http.SendJsonAsync<WebhookDelivery>(HttpMethod.Post, $"{Path(id)}/deliveries/{Query.Id(deliveryId)}/redeliver", null, idempotencyKey, ct);

    private static string Path(Guid id) => $"v1/webhooks/{Query.Id(id)}";
}
