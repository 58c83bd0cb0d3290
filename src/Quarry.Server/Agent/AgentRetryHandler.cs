using System.Globalization;
using System.Net;

namespace Quarry.Server.Agent;

/// <summary>
/// The one place model requests are retried (the SDKs' own retries are off): a timeout per attempt, retries with
/// exponential backoff and jitter on timeouts, connection failures, 429 and 5xx, a 429's or 503's <c>Retry-After</c>
/// honoured (up to <see cref="AgentOptions.MaxRetryAfterSeconds"/>), at most <see cref="AgentOptions.MaxConcurrency"/>
/// requests in flight, and the <see cref="AgentCircuit"/> told how each request ended.
/// </summary>
public sealed class AgentRetryHandler(AgentOptions options, AgentCircuit circuit, TimeProvider time, ILogger log) : DelegatingHandler
{
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrency, options.MaxConcurrency);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        // The body is read once so every attempt can send it again.
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(ct);
        for (var attempt = 0; ; attempt++)
        {
            circuit.ThrowIfOpen();
            var (response, failure) = await AttemptAsync(request, body, ct);
            if (response is not null && !Transient(response.StatusCode))
            {
                // A 4xx other than 429 is the request's fault (a wrong model name, a bad key), not an outage: no retry, no circuit.
                if (response.IsSuccessStatusCode)
                    circuit.Succeeded();
                return response;
            }
            var wait = RetryAfter(response);
            var why = response is not null ? $"HTTP {(int)response.StatusCode}" : failure!.GetType().Name;
            if (attempt >= options.MaxRetries || wait > TimeSpan.FromSeconds(options.MaxRetryAfterSeconds))
            {
                circuit.Failed();
                log.LogWarning("Model request failed after {Attempts} attempt(s): {Why}", attempt + 1, why);
                if (response is not null)
                    return response;
                throw new HttpRequestException($"The model provider did not answer after {attempt + 1} attempt(s): {failure!.Message}", failure);
            }
            response?.Dispose();
            wait ??= Backoff(attempt);
            log.LogInformation("Model request attempt {Attempt} failed ({Why}); retrying in {Milliseconds} ms", attempt + 1, why, (int)wait.Value.TotalMilliseconds);
            await Task.Delay(wait.Value, time, ct);
        }
    }

    private async Task<(HttpResponseMessage?, Exception?)> AttemptAsync(HttpRequestMessage request, byte[]? body, CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Timeout));
        try
        {
            // Checked again once a slot is free: the circuit may have opened while this request waited.
            circuit.ThrowIfOpen();
            // The whole body is read inside the attempt, so a provider that stalls mid-answer times out too.
            var response = await base.SendAsync(Copy(request, body), timeout.Token);
            await response.Content.LoadIntoBufferAsync(timeout.Token);
            return (response, null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, new TimeoutException($"No answer within {options.Timeout.ToString(CultureInfo.InvariantCulture)} s."));
        }
        catch (HttpRequestException e)
        {
            return (null, e);
        }
        finally
        {
            _slots.Release();
        }
    }

    private static bool Transient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    private TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(options.RetryBaseMilliseconds * Math.Pow(2, attempt) * (1 + Random.Shared.NextDouble() / 2));

    /// <summary><c>Retry-After</c> (seconds or a date), or OpenAI's <c>retry-after-ms</c>; null when the response names no wait.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response is null)
            return null;
        if (response.Headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
            return TimeSpan.FromMilliseconds(milliseconds);
        if (response.Headers.RetryAfter is { } ra)
        {
            if (ra.Delta is { } delta)
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            if (ra.Date is { } date)
                return date > time.GetUtcNow() ? date - time.GetUtcNow() : TimeSpan.Zero;
        }
        return null;
    }

    private static HttpRequestMessage Copy(HttpRequestMessage request, byte[]? body)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var h in request.Headers)
            copy.Headers.TryAddWithoutValidation(h.Key, h.Value);
        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
            foreach (var h in request.Content!.Headers)
                copy.Content.Headers.TryAddWithoutValidation(h.Key, h.Value);
        }
        return copy;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _slots.Dispose();
        base.Dispose(disposing);
    }
}
