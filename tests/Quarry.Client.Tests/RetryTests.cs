using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Quarry.Client.Tests;

public sealed class TinyRateLimitFixture : ServerFixture
{
    // One request at once, then one every two seconds: the second request in a row is a 429 with Retry-After: 2.
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Quarry:RateLimit:Burst"] = "1",
        ["Quarry:RateLimit:PermitsPerSecond"] = "0.5",
    };
}

/// <summary>Retries against a real server with a tiny rate limit: Retry-After honoured, the same Idempotency-Key on every attempt.</summary>
public sealed class RetryTests(TinyRateLimitFixture fixture) : IClassFixture<TinyRateLimitFixture>
{
    private readonly KestrelServer _server = fixture.Server;

    [Fact]
    public async Task A_rate_limited_post_is_retried_after_Retry_After_with_the_same_idempotency_key_and_runs_once()
    {
        var (client, sent) = await RecordingClientAsync(new QuarryClientOptions());
        using (client)
        {
            await client.Schemas.ListAsync(); // takes the only token
            var clock = Stopwatch.StartNew();
            var schema = await client.Schemas.CreateAsync(Invoices.Schema());
            clock.Stop();

            var posts = sent.Where(r => r.Method == HttpMethod.Post).ToList();
            Assert.True(posts.Count >= 2, $"Expected a retry; attempts: {string.Join(", ", posts.Select(p => p.Status))}");
            Assert.Equal(HttpStatusCode.TooManyRequests, posts[0].Status);
            Assert.Equal(HttpStatusCode.Created, posts[^1].Status);
            Assert.NotNull(posts[0].IdempotencyKey);
            Assert.All(posts, p => Assert.Equal(posts[0].IdempotencyKey, p.IdempotencyKey));
            Assert.Equal(TimeSpan.FromSeconds(2), posts[0].RetryAfter);
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"Retried after {clock.Elapsed}, before Retry-After");

            await Task.Delay(TimeSpan.FromSeconds(2)); // a token for the check below
            var all = await client.Schemas.ListAsync();
            Assert.Equal(schema.Id, Assert.Single(all.Data).Id);
        }
    }

    [Fact]
    public async Task A_given_idempotency_key_is_the_one_sent_and_a_repeat_returns_the_first_answer()
    {
        var (client, sent) = await RecordingClientAsync(new QuarryClientOptions());
        using (client)
        {
            var first = await client.Schemas.CreateAsync(Invoices.Schema(), idempotencyKey: "create-invoice-schema-1");
            var again = await client.Schemas.CreateAsync(Invoices.Schema(), idempotencyKey: "create-invoice-schema-1");
            Assert.Equal(first.Id, again.Id);
            Assert.All(sent.Where(r => r.Method == HttpMethod.Post), r => Assert.Equal("create-invoice-schema-1", r.IdempotencyKey));
            Assert.Contains(sent, r => r.Status == HttpStatusCode.TooManyRequests);
        }
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_cap_fails_at_once_and_no_retries_means_none()
    {
        var (capped, sent) = await RecordingClientAsync(new QuarryClientOptions { MaxRetryDelay = TimeSpan.FromSeconds(1) });
        using (capped)
        {
            await capped.Jobs.ListAsync();
            var clock = Stopwatch.StartNew();
            var e = await Assert.ThrowsAsync<QuarryRateLimitedException>(() => capped.Jobs.ListAsync());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"Waited {clock.Elapsed} although Retry-After exceeded the cap");
            Assert.Equal(429, e.Status);
            Assert.Equal("rate_limited", e.Code);
            Assert.Equal(TimeSpan.FromSeconds(2), e.RetryAfter);
            Assert.Equal(2, sent.Count);
        }

        using var none = await _server.NewClientAsync(new QuarryClientOptions { MaxRetries = 0 });
        await none.Jobs.ListAsync();
        await Assert.ThrowsAsync<QuarryRateLimitedException>(() => none.Jobs.ListAsync());
    }

    [Fact]
    public async Task Cancelling_during_the_wait_before_a_retry_stops_at_once()
    {
        var retries = new ConcurrentBag<QuarryRetry>();
        using var cts = new CancellationTokenSource();
        // Cancelled 100 ms into the two seconds the server asked to wait.
        using var client = await _server.NewClientAsync(new QuarryClientOptions { OnRetry = r => { retries.Add(r); cts.CancelAfter(100); } });
        await client.Jobs.ListAsync();
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Jobs.ListAsync(ct: cts.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"Cancelled after {clock.Elapsed}");
        var retry = Assert.Single(retries);
        Assert.Equal(429, retry.Status);
        Assert.Equal(TimeSpan.FromSeconds(2), retry.Delay);
    }

    private async Task<(QuarryClient Client, ConcurrentQueue<Sent> Sent)> RecordingClientAsync(QuarryClientOptions options)
    {
        var sent = new ConcurrentQueue<Sent>();
        options.ApiKey = await _server.NewKeyAsync();
        var http = new HttpClient(new Recorder(sent) { InnerHandler = new HttpClientHandler() }) { BaseAddress = _server.BaseUrl };
        return (new QuarryClient(http, options), sent);
    }

    private sealed record Sent(HttpMethod Method, string? IdempotencyKey, HttpStatusCode Status, TimeSpan? RetryAfter);

    /// <summary>Records what went over the wire: each attempt's method, Idempotency-Key and answer.</summary>
    private sealed class Recorder(ConcurrentQueue<Sent> sent) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var key = request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null;
            sent.Enqueue(new Sent(request.Method, key, response.StatusCode, response.Headers.RetryAfter?.Delta));
            return response;
        }
    }
}
