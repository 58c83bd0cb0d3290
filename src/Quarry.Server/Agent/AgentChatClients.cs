using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Quarry.Server.Agent;

/// <summary>The configured provider as an <see cref="IChatClient"/>, on one HttpClient whose <see cref="AgentRetryHandler"/> owns retries.</summary>
public static class AgentChatClients
{
    public static readonly Uri AnthropicDefault = new("https://api.anthropic.com");

    public static IChatClient Create(AgentOptions options, HttpClient http) => options.Provider.ToLowerInvariant() switch
    {
        AgentOptions.OpenAi => OpenAiCompatible(options, http),
        AgentOptions.Anthropic => new AnthropicChatClient(http, Endpoint(options) ?? AnthropicDefault, options.Model!, options.ApiKey),
        _ => throw new InvalidOperationException($"No chat client for Quarry:Agent:Provider '{options.Provider}'."),
    };

    /// <summary>The handler chain: retries, timeouts, concurrency and the circuit, then the socket. No timeout of HttpClient's own.</summary>
    public static HttpClient Http(AgentOptions options, AgentCircuit circuit, TimeProvider time, ILogger log) =>
        new(new AgentRetryHandler(options, circuit, time, log) { InnerHandler = new SocketsHttpHandler() }) { Timeout = Timeout.InfiniteTimeSpan };

    private static IChatClient OpenAiCompatible(AgentOptions options, HttpClient http)
    {
        var client = new OpenAIClient(
            // Local servers (Ollama, llama.cpp) need no key, but the SDK wants one; they ignore what it sends.
            new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "no-key" : options.ApiKey),
            new OpenAIClientOptions
            {
                Endpoint = Endpoint(options),
                Transport = new HttpClientPipelineTransport(http),
                // Retries and timeouts are AgentRetryHandler's alone, so they do not multiply.
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                NetworkTimeout = TimeSpan.FromDays(1),
            });
        return client.GetChatClient(options.Model!).AsIChatClient();
    }

    private static Uri? Endpoint(AgentOptions options) => string.IsNullOrWhiteSpace(options.Endpoint) ? null : new Uri(options.Endpoint);
}
