using System.Globalization;
using System.Text;
using System.Text.Json;
using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>
/// JSON (and JSON Lines): every leaf value becomes a label/value line "path: value" — "invoice.total: 4250",
/// "items[0].sku: A-1" — so the key sits left of its value as on a printed page. Nesting is bounded by
/// <see cref="MaxDepth"/>, the size by the text limit; malformed JSON is corrupt_file.
/// </summary>
public sealed class JsonReader : IDocumentReader
{
    private const string What = "JSON file";

    /// <summary>Real documents nest a handful of levels; deeper nesting is hostile (and would make paths huge).</summary>
    public const int MaxDepth = 64;

    public bool CanRead(SniffResult type) => type.Kind == "json";

    public async Task<DocumentContent> ReadAsync(Stream file, ReadContext context, CancellationToken ct)
    {
        var limits = context.Limits;
        // Decoded first so UTF-16 files with a byte order mark read too; the parser wants UTF-8.
        var utf8 = Encoding.UTF8.GetBytes(await TextInput.ReadTextAsync(file, limits, What, ct));
        var layout = new TextLayout(limits, What);
        var documents = new List<JsonDocument>();
        try
        {
            // JSON Lines hold one value per line; a plain file is the case of exactly one.
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
            {
                AllowMultipleValues = true,
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
                MaxDepth = MaxDepth,
            });
            while (reader.Read())
            {
                ct.ThrowIfCancellationRequested();
                documents.Add(JsonDocument.ParseValue(ref reader));
            }
            for (var i = 0; i < documents.Count; i++)
                Add(documents[i].RootElement, documents.Count > 1 ? Index("", i) : "", layout);
        }
        catch (JsonException e)
        {
            throw new DocumentReadException(DocumentErrorCodes.CorruptFile, $"The JSON file is malformed: {e.Message}", e);
        }
        finally
        {
            foreach (var d in documents)
                d.Dispose();
        }
        return layout.Build();
    }

    private static void Add(JsonElement element, string path, TextLayout layout)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Add(property.Value, path.Length == 0 ? property.Name : path + "." + property.Name, layout);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                    Add(item, Index(path, i++), layout);
                break;
            // null says nothing a reader could extract.
            case JsonValueKind.Null or JsonValueKind.Undefined:
                break;
            default:
                var value = element.ValueKind == JsonValueKind.String ? element.GetString() ?? "" : element.GetRawText();
                layout.AddText(path.Length == 0 ? value : path + ": " + value);
                break;
        }
    }

    private static string Index(string path, int i) => string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
}
