using System.Text.Json;
using System.Text.Json.Nodes;

namespace Quarry.Core.Extraction.Agent;

/// <summary>One field of a model's answer: the value it gave (null: not in the document) and the quote it gave for it.</summary>
public sealed record FieldAnswer(JsonNode? Value, string? Quote);

/// <summary>
/// Reads the answer <c>{"fields": {"f": {"value": …, "quote": "…"}}}</c>. A fenced code block, or text around the object,
/// is tolerated (small local models add them); anything else is malformed and nothing of it is used.
/// </summary>
public static class AgentAnswer
{
    /// <summary>The answers by field name, or null when the text holds no such object.</summary>
    public static IReadOnlyDictionary<string, FieldAnswer>? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        foreach (var candidate in Candidates(text))
        {
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(candidate);
            }
            catch (JsonException)
            {
                continue;
            }
            if (root is JsonObject obj && obj["fields"] is JsonObject fields)
                return Read(fields);
        }
        return null;
    }

    private static Dictionary<string, FieldAnswer> Read(JsonObject fields)
    {
        var answers = new Dictionary<string, FieldAnswer>(StringComparer.Ordinal);
        foreach (var (name, node) in fields)
        {
            // A bare value with no quote object is still read, so it is rejected as ungrounded rather than silently lost.
            answers[name] = node is JsonObject o
                ? new FieldAnswer(o["value"]?.DeepClone(), o["quote"] is JsonValue q && q.GetValueKind() == JsonValueKind.String ? q.GetValue<string>() : null)
                : new FieldAnswer(node?.DeepClone(), null);
        }
        return answers;
    }

    /// <summary>The whole text, the inside of each fenced block, then the outermost braces.</summary>
    private static IEnumerable<string> Candidates(string text)
    {
        yield return text.Trim();
        var at = 0;
        while ((at = text.IndexOf("```", at, StringComparison.Ordinal)) >= 0)
        {
            var bodyStart = text.IndexOf('\n', at);
            var end = bodyStart < 0 ? -1 : text.IndexOf("```", bodyStart, StringComparison.Ordinal);
            if (end < 0)
                break;
            yield return text[(bodyStart + 1)..end].Trim();
            at = end + 3;
        }
        var open = text.IndexOf('{', StringComparison.Ordinal);
        var close = text.LastIndexOf('}');
        if (open >= 0 && close > open)
            yield return text[open..(close + 1)];
    }
}
