using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Quarry.Core.Readers;
using Quarry.Core.Readers.Ocr;

namespace Quarry.Cli.Commands;

/// <summary><c>quarry learn --dataset DIR</c>: teach the local Field Registry from a labelled dataset, in the order of its truth.jsonl.</summary>
public static class LearnCommand
{
    public static Command Build()
    {
        var dataset = new Option<string>("--dataset") { Description = "A folder with schema.json, truth.jsonl and the documents", Required = true };
        var take = new Option<int?>("--take") { Description = "Learn from at most N documents" };
        var skip = new Option<int>("--skip") { Description = "Skip the first N documents of truth.jsonl", DefaultValueFactory = _ => 0 };
        var command = new Command("learn", """
            Teach the Field Registry in --data-dir from labelled documents; quarry extract/eval with the same --data-dir
            then fill a schema of the same name from it.
            Example: quarry learn --dataset ../shared/datasets/sroie-train --take 500 --data-dir ./reg
            """) { dataset, take, skip };
        command.SetAction(async (parse, ct) =>
        {
            if (!LocalRegistry.Requested(parse))
                throw new CliUsageException("quarry learn needs --data-dir: the folder whose database keeps what is learned.");
            var (options, _) = CliContext.Load(parse);
            var set = await LabelledDataset.LoadAsync(parse.GetValue(dataset)!, ct);
            var examples = set.Truth.Skip(parse.GetValue(skip)).Take(parse.GetValue(take) ?? int.MaxValue).ToList();
            var clock = Stopwatch.StartNew();

            using var ocr = new TesseractOcrEngine(options.Ocr.ToCore());
            var reader = new LocalExtraction(set.Schema.Fields, DocumentReaders.Default(), ocr, Quarry.Core.Extraction.PhasePipeline.Default(), 0.8,
                options.Limits.ToReaderLimits());
            var contents = new Quarry.Core.Documents.DocumentContent?[examples.Count];
            await Parallel.ForAsync(0, examples.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
                async (i, token) =>
                {
                    try
                    {
                        contents[i] = await reader.ReadContentAsync(Path.Combine(set.Directory, examples[i].File), token);
                    }
                    catch (DocumentReadException)
                    {
                        contents[i] = null;
                    }
                });

            var (db, store, org) = await LocalRegistry.OpenAsync(parse, ct);
            await using (db)
            {
                var registry = await store.LoadAsync(org, set.Schema.Name, ct);
                var learned = 0;
                // In order: each document tests what the ones before it taught, which is what the rules' counts measure.
                for (var i = 0; i < examples.Count; i++)
                {
                    if (contents[i] is not { } content)
                        continue;
                    var known = examples[i].Values.ToDictionary(kv => kv.Key, kv => JsonNode.Parse(kv.Value.GetRawText()), StringComparer.Ordinal);
                    registry.Learn(set.Schema.Fields, content, known, DateTimeOffset.UtcNow);
                    learned++;
                }
                await store.SaveAsync(org, set.Schema.Name, registry, ct);
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"learned {learned} documents into schema '{set.Schema.Name}': {registry.Layouts.Count} layouts, {registry.Rules.Count} rules, {clock.Elapsed.TotalSeconds:F1}s"));
            }
            return 0;
        });
        return command;
    }
}
