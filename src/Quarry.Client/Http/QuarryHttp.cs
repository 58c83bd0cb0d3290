using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Quarry.Client;

/// <summary>
/// Every request of the client goes through here: the base URL, the key, an <c>Idempotency-Key</c> on POSTs, retries of
/// 429/503 after <c>Retry-After</c>, and error answers turned into <see cref="QuarryApiException"/>s.
/// </summary>
internal sealed class QuarryHttp
{
    private const string IdempotencyHeader = "Idempotency-Key";
    private static readonly ProductInfoHeaderValue UserAgent =
        new("Quarry.Client", typeof(QuarryHttp).Assembly.GetName().Version?.ToString(3) ?? "0");

    private readonly HttpClient _http;
    private readonly QuarryClientOptions _options;

    public QuarryHttp(HttpClient http, QuarryClientOptions options)
    {
        _http = http;
        _options = options;
        var baseUrl = options.BaseUrl ?? http.BaseAddress
            ?? throw new ArgumentException("Give the server's address: QuarryClientOptions.BaseUrl or HttpClient.BaseAddress.", nameof(options));
        if (!baseUrl.IsAbsoluteUri)
            throw new ArgumentException($"The server's address must be absolute, not '{baseUrl}'.", nameof(options));
        // A trailing slash keeps a path prefix (https://host/quarry/) when relative paths are resolved against it.
        BaseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
    }

    public Uri BaseUrl { get; }

    public async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, null, HttpCompletionOption.ResponseContentRead, ct);
        return await ReadAsync<T>(response, ct);
    }

    public async Task<T> SendJsonAsync<T>(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken ct)
    {
        // Serialized once: every retry sends the same bytes, which is what the server's idempotency check compares.
        var bytes = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), QuarryJson.Options);
        using var response = await SendAsync(method, path, bytes is null ? null : () => Json(bytes), idempotencyKey,
            HttpCompletionOption.ResponseContentRead, ct);
        return await ReadAsync<T>(response, ct);
    }

    public async Task DeleteAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Delete, path, null, null, HttpCompletionOption.ResponseContentRead, ct);
    }

    /// <summary>
    /// Sends the request, again after a 429, a 503 or a 409 that carries <c>Retry-After</c> (the server's "this key's
    /// request is still running"), and returns the successful answer; throws the error answer otherwise.
    /// <paramref name="content"/> makes a fresh body for every attempt.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Func<HttpContent>? content, string? idempotencyKey,
        HttpCompletionOption completion, CancellationToken ct)
    {
        var uri = new Uri(BaseUrl, path);
        var key = method == HttpMethod.Post ? idempotencyKey ?? Guid.NewGuid().ToString("D") : null;
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, uri) { Content = content?.Invoke() };
            if (_options.ApiKey is { } apiKey)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            if (key is not null)
                request.Headers.Add(IdempotencyHeader, key);
            if (_http.DefaultRequestHeaders.UserAgent.Count == 0)
                request.Headers.UserAgent.Add(UserAgent);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.1));

            var response = await _http.SendAsync(request, completion, ct);
            if (response.IsSuccessStatusCode)
                return response;

            using (response)
            {
                var problem = await QuarryProblem.ReadAsync(response, ct);
                if (RetryDelay(response.StatusCode, problem.RetryAfter, attempt) is { } delay)
                {
                    _options.OnRetry?.Invoke(new QuarryRetry(method, uri, problem.Status, attempt, delay, key));
                    await Task.Delay(delay, _options.TimeProvider, ct);
                    continue;
                }
                throw QuarryApiException.For(problem);
            }
        }
    }

    /// <summary>The wait before another attempt, or null to give up: retries used up, not a retryable answer, or a Retry-After longer than the cap.</summary>
    private TimeSpan? RetryDelay(HttpStatusCode status, TimeSpan? retryAfter, int attempt)
    {
        var retryable = status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
            || (status == HttpStatusCode.Conflict && retryAfter is not null);
        if (!retryable || attempt > _options.MaxRetries)
            return null;
        var delay = retryAfter ?? _options.InitialRetryDelay * Math.Pow(2, attempt - 1);
        return delay <= _options.MaxRetryDelay ? delay : retryAfter is null ? _options.MaxRetryDelay : null;
    }

    private static ByteArrayContent Json(byte[] bytes)
    {
        var c = new ByteArrayContent(bytes);
        c.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return c;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync<T>(QuarryJson.Options, ct)
        ?? throw new InvalidDataException($"The server answered {(int)response.StatusCode} without a body where one was expected.");
}
