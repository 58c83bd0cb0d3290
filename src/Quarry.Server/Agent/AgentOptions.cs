using System.ComponentModel.DataAnnotations;
using Quarry.Core.Extraction.Agent;

namespace Quarry.Server.Agent;

/// <summary>
/// <c>Quarry:Agent</c>: the language model of phase 2. <c>none</c> (the default) calls nothing and records phase 2 as
/// skipped; <c>openai</c> is any OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM, llama.cpp server);
/// <c>anthropic</c> is the Anthropic Messages API.
/// </summary>
public sealed class AgentOptions
{
    public const string None = "none";
    public const string OpenAi = "openai";
    public const string Anthropic = "anthropic";

    public string Provider { get; set; } = None;

    /// <summary>The API's base URL, e.g. <c>http://localhost:11434/v1</c> for Ollama; empty for the vendor's own.</summary>
    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    /// <summary>Optional for local servers. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Model requests in flight at once from this process.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Seconds one request may take before it is abandoned (and retried).</summary>
    [Range(0.01, 3600)]
    public double Timeout { get; set; } = 120;

    /// <summary>Retries of a request that timed out, failed to connect, or got 429 or 5xx.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first backoff; each retry doubles it, with up to half again of random jitter.</summary>
    [Range(1, 600_000)]
    public int RetryBaseMilliseconds { get; set; } = 500;

    /// <summary>The longest Retry-After waited for; a provider asking for longer is treated as out for this request.</summary>
    [Range(0, 3600)]
    public double MaxRetryAfterSeconds { get; set; } = 60;

    /// <summary>Requests failing in a row (after their retries) that open the circuit: calls then fail at once, with no network.</summary>
    [Range(1, 1000)]
    public int CircuitFailures { get; set; } = 5;

    /// <summary>How long the circuit stays open before one request may try again.</summary>
    [Range(0.01, 86_400)]
    public double CircuitBreakSeconds { get; set; } = 30;

    /// <summary>A job's budget of model calls when its request names none; 0 is no limit.</summary>
    [Range(0, int.MaxValue)]
    public int MaxCallsPerJob { get; set; } = 1_000;

    /// <summary>A job's budget of tokens (input and output) when its request names none; 0 is no limit.</summary>
    [Range(0, long.MaxValue)]
    public long MaxTokensPerJob { get; set; } = 5_000_000;

    [Range(1_000, 10_000_000)]
    public int WindowChars { get; set; } = 24_000;

    [Range(16, 1_000_000)]
    public int MaxOutputTokens { get; set; } = 1_024;

    /// <summary>Ask for JSON-schema structured output; turn off for a server that rejects <c>response_format</c> with a schema.</summary>
    public bool StructuredOutput { get; set; } = true;

    public bool Enabled => !string.Equals(Provider, None, StringComparison.OrdinalIgnoreCase);

    public AgentSettings ToCore() => new()
    {
        WindowChars = WindowChars,
        MaxOutputTokens = MaxOutputTokens,
        StructuredOutput = StructuredOutput,
    };

    public IEnumerable<ValidationResult> Check()
    {
        var provider = Provider.ToLowerInvariant();
        if (provider is not (None or OpenAi or Anthropic))
            yield return new ValidationResult($"Quarry:Agent:Provider must be '{None}', '{OpenAi}' or '{Anthropic}', not '{Provider}'.");
        if (Enabled && string.IsNullOrWhiteSpace(Model))
            yield return new ValidationResult($"Quarry:Agent:Model is required when Quarry:Agent:Provider is '{Provider}'.");
        if (!string.IsNullOrWhiteSpace(Endpoint) && !(Uri.TryCreate(Endpoint, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
            yield return new ValidationResult($"Quarry:Agent:Endpoint must be an absolute http(s) URL, not '{Endpoint}'.");
    }
}
