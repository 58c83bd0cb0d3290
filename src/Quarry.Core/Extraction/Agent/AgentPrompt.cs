using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction.Agent;

/// <summary>
/// What a model is sent: the fields still missing (name, type, description, aliases, allowed values), one window of the
/// document's text, and the one JSON object it must answer with. Every value must come with a verbatim quote.
/// </summary>
public static class AgentPrompt
{
    public const string SchemaName = "quarry_fields";

    private const string Instructions =
        """
        You extract field values from a document. Answer with exactly one JSON object and nothing else:
        {"fields": {"<field name>": {"value": <value or null>, "quote": "<verbatim text from the document>"}}}
        Rules:
        - Give an entry for every field listed. Use null for a value the document does not state; never guess.
        - "quote" must be copied character for character from the document text (the shortest passage that states the value).
        - Numbers as JSON numbers, dates as written in the document, true/false for yes/no fields.
        """;

    public static IReadOnlyList<ChatMessage> Messages(IReadOnlyList<FieldDefinition> fields, PageWindow window)
    {
        var user = new StringBuilder("Fields:\n");
        foreach (var f in fields)
            user.Append("- ").Append(Describe(f)).Append('\n');
        user.Append("\nDocument text:\n").Append(window.Text);
        return [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, user.ToString())];
    }

    public static ChatOptions Options(IReadOnlyList<FieldDefinition> fields, AgentSettings settings) => new()
    {
        Temperature = 0,
        MaxOutputTokens = settings.MaxOutputTokens,
        ResponseFormat = settings.StructuredOutput
            ? ChatResponseFormat.ForJsonSchema(JsonSerializer.SerializeToElement(AnswerSchema(fields)), SchemaName, "Field values with verbatim quotes")
            : ChatResponseFormat.Json,
    };

    /// <summary>A generous token count for the messages (three characters a token), so a reservation rarely falls short.</summary>
    public static long EstimateTokens(IReadOnlyList<ChatMessage> messages) =>
        messages.Sum(m => (long)(m.Text?.Length ?? 0)) / 3 + 16;

    /// <summary>The JSON Schema of the answer: one entry per field, each a value of the field's JSON type (or null) and a quote.</summary>
    public static JsonObject AnswerSchema(IReadOnlyList<FieldDefinition> fields)
    {
        var properties = new JsonObject();
        foreach (var f in fields)
        {
            properties[f.Name] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject { ["value"] = ValueSchema(f), ["quote"] = new JsonObject { ["type"] = new JsonArray("string", "null") } },
                ["required"] = new JsonArray("value", "quote"),
                ["additionalProperties"] = false,
            };
        }
        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["fields"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = properties,
                    ["required"] = new JsonArray(fields.Select(f => (JsonNode)f.Name).ToArray()),
                    ["additionalProperties"] = false,
                },
            },
            ["required"] = new JsonArray("fields"),
            ["additionalProperties"] = false,
        };
    }

    private static JsonObject ValueSchema(FieldDefinition f) => f.Type switch
    {
        FieldType.Array => new JsonObject { ["type"] = new JsonArray("array", "null"), ["items"] = new JsonObject() },
        FieldType.Boolean => new JsonObject { ["type"] = new JsonArray("boolean", "null") },
        _ when f.Type.IsNumeric() => new JsonObject { ["type"] = new JsonArray("number", "string", "null") },
        _ => new JsonObject { ["type"] = new JsonArray("string", "null") },
    };

    private static string Describe(FieldDefinition f)
    {
        var s = new StringBuilder(f.Name).Append(" (").Append(f.Type.Name()).Append(')');
        if (!string.IsNullOrWhiteSpace(f.Description))
            s.Append(": ").Append(f.Description.Trim());
        if (f.AliasList.Count > 0)
            s.Append("; also called ").Append(string.Join(", ", f.AliasList));
        if (f.Enum is { Count: > 0 } values)
            s.Append("; one of ").Append(string.Join(", ", values));
        if (f.Items?.Fields is { } items)
            s.Append("; a list of objects with ").Append(string.Join(", ", items.Select(i => $"{i.Name} ({i.Type.Name()})")));
        return s.ToString();
    }
}
