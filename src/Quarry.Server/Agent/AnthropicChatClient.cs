using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Quarry.Server.Agent;

/// <summary>
/// An <see cref="IChatClient"/> over the Anthropic Messages API (<c>POST /v1/messages</c>), on an HttpClient whose
/// handler owns retries, so any base URL (a gateway, a local stand-in) works. A JSON-schema response format becomes a
/// forced tool call — Anthropic's structured output — and the tool's input is returned as the answer's text.
/// </summary>
public sealed class AnthropicChatClient(HttpClient http, Uri endpoint, string model, string? apiKey) : IChatClient
{
    public const string ApiVersion = "2023-06-01";
    private const string AnswerTool = "record_fields";

    private readonly Uri _messages = MessagesUri(endpoint);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _messages)
        {
            Content = new StringContent(Body(messages.ToList(), options).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("anthropic-version", ApiVersion);
        if (!string.IsNullOrEmpty(apiKey))
            request.Headers.Add("x-api-key", apiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"Anthropic answered {(int)response.StatusCode}: {ErrorMessage(text)}", null, response.StatusCode);
        return Read(text);
    }

    private JsonObject Body(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var body = new JsonObject
        {
            ["model"] = options?.ModelId ?? model,
            ["max_tokens"] = options?.MaxOutputTokens ?? 1024,
            ["messages"] = new JsonArray(messages.Where(m => m.Role != ChatRole.System)
                .Select(m => (JsonNode)new JsonObject { ["role"] = m.Role == ChatRole.Assistant ? "assistant" : "user", ["content"] = m.Text }).ToArray()),
        };
        var system = string.Join("\n\n", messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text));
        if (system.Length > 0)
            body["system"] = system;
        if (options?.Temperature is { } t)
            body["temperature"] = t;
        if (options?.ResponseFormat is ChatResponseFormatJson { Schema: { } schema } json)
        {
            body["tools"] = new JsonArray(new JsonObject
            {
                ["name"] = AnswerTool,
                ["description"] = json.SchemaDescription ?? "Record the answer.",
                ["input_schema"] = JsonNode.Parse(schema.GetRawText()),
            });
            body["tool_choice"] = new JsonObject { ["type"] = "tool", ["name"] = AnswerTool };
        }
        return body;
    }

    private static ChatResponse Read(string text)
    {
        var root = JsonNode.Parse(text) as JsonObject ?? throw new JsonException("The Anthropic answer is not a JSON object.");
        var answer = new StringBuilder();
        foreach (var block in root["content"] as JsonArray ?? [])
        {
            var type = block?["type"]?.GetValue<string>();
            if (type == "tool_use" && block?["input"] is { } input)
                answer.Append(input.ToJsonString());
            else if (type == "text")
                answer.Append(block?["text"]?.GetValue<string>());
        }
        var usage = root["usage"];
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, answer.ToString()))
        {
            ModelId = root["model"]?.GetValue<string>(),
            Usage = usage is null ? null : new UsageDetails
            {
                InputTokenCount = usage["input_tokens"]?.GetValue<long>(),
                OutputTokenCount = usage["output_tokens"]?.GetValue<long>(),
            },
        };
    }

    /// <summary>The error's own message (Anthropic's <c>error.message</c>), never the request.</summary>
    private static string ErrorMessage(string text)
    {
        try
        {
            return JsonNode.Parse(text)?["error"]?["message"]?.GetValue<string>() ?? "no error message";
        }
        catch (JsonException)
        {
            return "no error message";
        }
    }

    /// <summary><c>https://api.anthropic.com</c> and <c>…/v1</c> both lead to <c>…/v1/messages</c>.</summary>
    private static Uri MessagesUri(Uri endpoint)
    {
        var s = endpoint.ToString().TrimEnd('/');
        return new Uri(s.EndsWith("/v1", StringComparison.Ordinal) ? s + "/messages" : s + "/v1/messages");
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Phase 2 does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
