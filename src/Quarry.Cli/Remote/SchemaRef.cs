using System.Text.Json;
using System.Text.Json.Nodes;
using Quarry.Client;

namespace Quarry.Cli.Remote;

/// <summary>How commands name a schema: its id, its name (the newest schema of that name), or (where <c>allowFile</c>) a JSON file to create it from.</summary>
public static class SchemaRef
{
    public static async Task<Schema> ResolveAsync(QuarryClient client, string reference, bool allowFile, CancellationToken ct)
    {
        if (allowFile && File.Exists(reference))
        {
            var created = await client.Schemas.CreateAsync(await ReadFileAsync(reference, ct), ct: ct);
            Console.Error.WriteLine($"Created schema {created.Id} '{created.Name}' (v{created.Version}, {created.Fields.Count} fields) from {reference}.");
            return created;
        }
        if (Guid.TryParseExact(reference, "D", out var id))
            return await client.Schemas.GetAsync(id, ct: ct);
        if (reference.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || reference.Contains('/', StringComparison.Ordinal))
            throw new CliUsageException(allowFile ? $"No schema file at {reference}." : $"Give the schema's id or name, not a file ({reference}).");

        var matches = new List<Schema>();
        await foreach (var s in client.Schemas.ListAllAsync(ct))
        {
            if (string.Equals(s.Name, reference, StringComparison.OrdinalIgnoreCase))
                matches.Add(s);
        }
        if (matches.Count == 0)
            throw new CliFailureException($"No schema named '{reference}'. 'quarry schema list' shows them; or pass a schema file.");
        if (matches.Count > 1)
            Console.Error.WriteLine($"{matches.Count} schemas are named '{reference}'; using the newest, {matches[0].Id}.");
        return matches[0];
    }

    /// <summary>A schema file: any of the three forms the API takes. Not JSON, or not an object, is a usage error.</summary>
    public static async Task<JsonObject> ReadFileAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
            throw new CliUsageException($"No schema file at {path}.");
        try
        {
            return JsonNode.Parse(await File.ReadAllTextAsync(path, ct)) as JsonObject
                ?? throw new CliUsageException($"{path} must hold a JSON object.");
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"{path} is not valid JSON: {e.Message}");
        }
    }
}
