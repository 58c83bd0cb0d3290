using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Quarry.Server.Tests;

/// <summary>A request the fake provider got: its path, headers, JSON body and when it arrived.</summary>
public sealed record ModelRequest(string Path, IReadOnlyDictionary<string, string> Headers, JsonNode Body, DateTime ReceivedAt)
{
    /// <summary>The text of the user message (OpenAI and Anthropic put it in <c>messages</c>).</summary>
    public string UserText => Body["messages"]!.AsArray().Last(m => m!["role"]!.GetValue<string>() == "user")!["content"]!.GetValue<string>();

    /// <summary>
    /// The fields Quarry asked for, read from the JSON schema it sent: OpenAI's <c>response_format.json_schema.schema</c>,
    /// or the input schema of the forced Anthropic tool.
    /// </summary>
    public IReadOnlyList<string> FieldsAsked
    {
        get
        {
            var schema = Body["response_format"]?["json_schema"]?["schema"] ?? Body["tools"]?[0]?["input_schema"];
            return schema!["properties"]!["fields"]!["properties"]!.AsObject().Select(p => p.Key).ToList();
        }
    }
}

/// <summary>What the fake provider answers: a status, a body, headers, after an optional delay.</summary>
public sealed record ModelReply(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default)
{
    /// <summary>An OpenAI chat completion whose message content is <paramref name="content"/>.</summary>
    public static ModelReply OpenAi(string content, int promptTokens = 120, int completionTokens = 30) => new(200, new JsonObject
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = "test-model",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens, ["total_tokens"] = promptTokens + completionTokens },
    }.ToJsonString());

    /// <summary>An Anthropic message whose only block is a call of Quarry's answer tool with <paramref name="input"/>.</summary>
    public static ModelReply Anthropic(JsonNode input, int inputTokens = 150, int outputTokens = 40) => new(200, new JsonObject
    {
        ["id"] = "msg_test",
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = "claude-test",
        ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_1", ["name"] = "record_fields", ["input"] = input }),
        ["stop_reason"] = "tool_use",
        ["usage"] = new JsonObject { ["input_tokens"] = inputTokens, ["output_tokens"] = outputTokens },
    }.ToJsonString());

    public static ModelReply Error(int status, string? retryAfter = null) => new(status,
        """{"error": {"message": "test failure", "type": "server_error"}}""",
        retryAfter is null ? null : new Dictionary<string, string> { ["Retry-After"] = retryAfter });

    /// <summary>The answer object <c>{"fields": {name: {value, quote}}}</c>.</summary>
    public static JsonObject Fields(params (string Field, JsonNode? Value, string? Quote)[] answers)
    {
        var fields = new JsonObject();
        foreach (var (field, value, quote) in answers)
            fields[field] = new JsonObject { ["value"] = value?.DeepClone(), ["quote"] = quote };
        return new JsonObject { ["fields"] = fields };
    }
}

/// <summary>
/// A model provider on a loopback port (real Kestrel) that speaks the OpenAI chat-completions protocol
/// (<c>POST /v1/chat/completions</c>) and the Anthropic messages protocol (<c>POST /v1/messages</c>). It records every
/// request and answers the n-th (0-based) with what the test's script says.
/// </summary>
public sealed class FakeModelProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ModelRequest> _requests = new();
    private readonly Func<ModelRequest, int, ModelReply> _script;
    private int _count;

    private FakeModelProvider(Func<ModelRequest, int, ModelReply> script)
    {
        _script = script;
        _app = LoopbackApp.Create();
        _app.MapPost("/v1/chat/completions", HandleAsync);
        _app.MapPost("/v1/messages", HandleAsync);
    }

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<ModelRequest> Requests => _requests.ToArray();

    public static async Task<FakeModelProvider> StartAsync(Func<ModelRequest, int, ModelReply> script)
    {
        var provider = new FakeModelProvider(script);
        provider.BaseUrl = await LoopbackApp.StartAsync(provider._app);
        return provider;
    }

    /// <summary>Settings that point Quarry's phase 2 at this provider, with fast retries.</summary>
    public Dictionary<string, string?> Settings(string provider = "openai") => new()
    {
        ["Quarry:Agent:Provider"] = provider,
        ["Quarry:Agent:Endpoint"] = provider == "openai" ? BaseUrl + "/v1" : BaseUrl,
        ["Quarry:Agent:Model"] = "test-model",
        ["Quarry:Agent:ApiKey"] = "sk-test-secret",
        ["Quarry:Agent:RetryBaseMilliseconds"] = "10",
        ["Quarry:Agent:Timeout"] = "10",
    };

    private async Task HandleAsync(HttpContext http)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) ?? new JsonObject();
        var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var request = new ModelRequest(http.Request.Path, headers, body, DateTime.UtcNow);
        _requests.Enqueue(request);
        var reply = _script(request, Interlocked.Increment(ref _count) - 1);
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        http.Response.StatusCode = reply.Status;
        foreach (var (k, v) in reply.Headers ?? new Dictionary<string, string>())
            http.Response.Headers[k] = v;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(reply.Body, http.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
