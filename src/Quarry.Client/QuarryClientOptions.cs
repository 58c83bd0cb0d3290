namespace Quarry.Client;

/// <summary>How a <see cref="QuarryClient"/> talks to the server. The defaults suit interactive and batch use alike.</summary>
public sealed class QuarryClientOptions
{
    /// <summary>
    /// The server, e.g. <c>http://localhost:5080</c> (a path prefix such as <c>https://host/quarry/</c> is kept). When
    /// null, the <see cref="HttpClient.BaseAddress"/> of the given client is used.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// The API key, sent as <c>Authorization: Bearer</c> on every request. When null, the <see cref="HttpClient"/> is
    /// expected to send it itself (e.g. a default header configured with IHttpClientFactory).
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>How many times a request answered 429 or 503 (or a 409 for an Idempotency-Key still in use) is sent again. 0 turns retries off.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// The longest wait before a retry. When the server's <c>Retry-After</c> asks for longer, the client does not retry
    /// early (that would only be refused again) but throws at once, with <see cref="QuarryApiException.RetryAfter"/> set.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before the first retry when the answer has no <c>Retry-After</c>; doubled at each further retry.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The timeout of the <see cref="HttpClient"/> this client creates (not applied to one that is given).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Called before each retry, e.g. to tell a user why nothing seems to happen.</summary>
    public Action<QuarryRetry>? OnRetry { get; set; }

    /// <summary>The clock retries wait on; tests may replace it.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

/// <summary>A retry about to happen: the answer that caused it and how long the client waits first.</summary>
public sealed record QuarryRetry(HttpMethod Method, Uri Uri, int Status, int Attempt, TimeSpan Delay, string? IdempotencyKey);
