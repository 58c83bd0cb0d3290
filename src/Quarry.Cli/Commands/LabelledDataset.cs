using System.Text.Json;
using Quarry.Core.Schemas;

namespace Quarry.Cli.Commands;

/// <summary>A folder in the layout of the shared datasets: <c>schema.json</c>, <c>truth.jsonl</c> and the documents it names.</summary>
public sealed record LabelledDataset(string Name, SchemaDefinition Schema, IReadOnlyList<(string File, IReadOnlyDictionary<string, JsonElement> Values)> Truth)
{
    public string Directory { get; private init; } = "";

    /// <summary>The documents to extract: their paths and the names rows are matched by.</summary>
    public List<(string Path, string Name)> Files() => Truth.Select(t => (Path.Combine(Directory, t.File), Path.GetFileName(t.File))).ToList();

    public static async Task<LabelledDataset> LoadAsync(string dir, CancellationToken ct)
    {
        if (!System.IO.Directory.Exists(dir))
            throw new CliUsageException($"No dataset folder at {dir}.");
        var schema = await ExtractRunner.LoadSchemaAsync(Path.Combine(dir, "schema.json"), ct);
        var truthPath = Path.Combine(dir, "truth.jsonl");
        if (!File.Exists(truthPath))
            throw new CliUsageException($"No truth.jsonl in {dir}.");
        var truth = new List<(string File, IReadOnlyDictionary<string, JsonElement> Values)>();
        foreach (var line in await File.ReadAllLinesAsync(truthPath, ct))
        {
            if (line.Trim().Length == 0) continue;
            using var doc = JsonDocument.Parse(line);
            var values = doc.RootElement.GetProperty("values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
            truth.Add((doc.RootElement.GetProperty("file").GetString()!, values));
        }
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir)));
        return new LabelledDataset(name, schema, truth) { Directory = dir };
    }
}
