using System.Diagnostics;
using System.Text.Json;
using Quarry.Core.Extraction;
using Quarry.Core.Readers;
using Quarry.Core.Readers.Ocr;
using Quarry.Core.Schemas;
using Quarry.Server.Hosting;

namespace Quarry.Cli.Commands;

/// <summary>Runs <see cref="LocalExtraction"/> over many files on all cores, handing rows back in input order, with a progress line on a terminal.</summary>
public static class ExtractRunner
{
    public static async Task<SchemaDefinition> LoadSchemaAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
            throw new CliUsageException($"No schema file at {path}.");
        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(path, ct));
        var (schema, errors) = SchemaParser.Parse(doc.RootElement);
        if (schema is null)
            throw new CliUsageException($"{path} is not a valid schema: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        return schema;
    }

    /// <summary>Every file under the given paths (folders walked, sorted), with the name to show for it.</summary>
    public static List<(string Path, string Name)> Expand(IEnumerable<string> paths)
    {
        var files = new List<(string, string)>();
        foreach (var p in paths)
        {
            if (File.Exists(p))
                files.Add((p, Path.GetFileName(p)));
            else if (Directory.Exists(p))
                files.AddRange(Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                    .Select(f => (f, Path.GetRelativePath(p, f).Replace('\\', '/'))));
            else
                throw new CliUsageException($"No file or folder at {p}.");
        }
        return files;
    }

    /// <param name="agent">Phase 2's model, or null to skip phase 2 (<see cref="LocalAgent"/> builds it from <c>Quarry:Agent</c>).</param>
    public static async Task RunAsync(SchemaDefinition schema, QuarryOptions options, double reviewThreshold,
        IReadOnlyList<(string Path, string Name)> files, Func<ExtractedRow, Task> onRow, CancellationToken ct, PhasePipeline? pipeline = null,
        Quarry.Core.Extraction.Registry.FieldRegistry? registry = null, IFieldAgent? agent = null)
    {
        using var ocr = new TesseractOcrEngine(options.Ocr.ToCore());
        var limits = options.Limits.ToReaderLimits();
        var extraction = new LocalExtraction(schema.Fields, DocumentReaders.Default(), ocr,
            pipeline ?? PhasePipeline.Default(agent, calibration: options.Review.LoadCalibration()), reviewThreshold, limits)
        {
            Registry = registry,
        };
        var results = files.Select(_ => new TaskCompletionSource<IReadOnlyList<ExtractedRow>>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var work = Parallel.ForEachAsync(Enumerable.Range(0, files.Count), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
            async (i, token) =>
            {
                try
                {
                    results[i].SetResult(await extraction.ExtractAsync(files[i].Path, files[i].Name, token));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    results[i].SetException(e);
                }
            });
        var progress = new Progress(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            foreach (var row in await results[i].Task)
                await onRow(row);
            progress.Tick(i + 1);
        }
        await work;
        progress.Done();
    }

    /// <summary>A progress line on stderr, only when stderr is a terminal: piped output stays rows only.</summary>
    private sealed class Progress(int total)
    {
        private readonly bool _show = !Console.IsErrorRedirected && total > 1;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _lastDraw;

        public void Tick(int done)
        {
            if (!_show || (_clock.ElapsedMilliseconds - _lastDraw < 100 && done < total)) return;
            _lastDraw = _clock.ElapsedMilliseconds;
            var width = 30;
            var filled = (int)((double)done / total * width);
            var rate = done / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
            Console.Error.Write(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"\r[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} documents, {rate:F1}/s   "));
        }

        public void Done()
        {
            if (_show) Console.Error.WriteLine();
        }
    }
}
