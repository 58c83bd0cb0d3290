using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quarry.Core.Documents;

/// <summary>How a <see cref="DocumentContent"/> is stored and served: snake_case JSON, absent optional values omitted.</summary>
public static class ContentJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Serialize(DocumentContent content) => JsonSerializer.SerializeToUtf8Bytes(content, Options);

    public static async Task<DocumentContent> DeserializeAsync(Stream json, CancellationToken ct) =>
        await JsonSerializer.DeserializeAsync<DocumentContent>(json, Options, ct)
        ?? throw new JsonException("Stored document content is empty.");
}
