using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quarry.Client;

/// <summary>The API's JSON: snake_case names; nulls left out of requests (the server reads a missing member as "not given").</summary>
public static class QuarryJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    /// <summary>A timestamp as the API writes and reads them: ISO 8601 UTC with milliseconds.</summary>
    public static string Timestamp(DateTimeOffset t) =>
        t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
