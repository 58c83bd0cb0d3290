using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Quarry.Server.Tests;

/// <summary>A request the receiver got, with the headers a webhook carries.</summary>
public sealed record ReceivedWebhook(string Path, string? Event, string? DeliveryId, string? Timestamp, string? Signature, string? ContentType, string Body);

/// <summary>
/// A real HTTP server on a loopback port (Kestrel), standing in for a customer's webhook endpoint. It records every
/// request and answers with what <c>respond</c> says for the n-th request (0-based), which may also wait.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly Func<ReceivedWebhook, int, CancellationToken, Task<int>> _respond;
    private int _count;

    private WebhookReceiver(Func<ReceivedWebhook, int, CancellationToken, Task<int>>? respond)
    {
        _respond = respond ?? ((_, _, _) => Task.FromResult(200));
        _app = LoopbackApp.Create();
        _app.Run(HandleAsync);
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>Where webhooks should point.</summary>
    public string Url => BaseUrl + "/hook";

    public IReadOnlyList<ReceivedWebhook> Received => _received.ToArray();

    public static async Task<WebhookReceiver> StartAsync(Func<ReceivedWebhook, int, CancellationToken, Task<int>>? respond = null)
    {
        var receiver = new WebhookReceiver(respond);
        receiver.BaseUrl = await LoopbackApp.StartAsync(receiver._app);
        return receiver;
    }

    /// <summary>Answers with these statuses in turn, then 200.</summary>
    public static Task<WebhookReceiver> AnsweringAsync(params int[] statuses) =>
        StartAsync((_, n, _) => Task.FromResult(n < statuses.Length ? statuses[n] : 200));

    /// <summary>Waits until the requests received satisfy <paramref name="done"/>, or fails after <paramref name="seconds"/>.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> done, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var now = Received;
            if (done(now)) return now;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"The receiver did not get the expected requests in {seconds}s; got {now.Count}: {string.Join(", ", now.Select(r => r.Event))}");
            await Task.Delay(50);
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        var h = http.Request.Headers;
        var received = new ReceivedWebhook(http.Request.Path, h["X-Quarry-Event"].FirstOrDefault(), h["X-Quarry-Delivery-Id"].FirstOrDefault(),
            h["X-Quarry-Timestamp"].FirstOrDefault(), h["X-Quarry-Signature"].FirstOrDefault(), http.Request.ContentType, body);
        _received.Enqueue(received);
        var n = Interlocked.Increment(ref _count) - 1;
        try
        {
            http.Response.StatusCode = await _respond(received, n, http.RequestAborted);
            if (http.Response.StatusCode is >= 300 and < 400)
                http.Response.Headers.Location = BaseUrl + "/elsewhere";
        }
        catch (OperationCanceledException)
        {
            // The sender gave up (its timeout): nothing to answer.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
