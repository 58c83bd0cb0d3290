using System.Diagnostics;

namespace Quarry.Bench.Throughput;

/// <summary>The baseline: poppler's <c>pdftotext FILE -</c> on the same files, as many at once as there are cores.</summary>
public static class Pdftotext
{
    public static async Task<double> SecondsAsync(IReadOnlyList<string> files)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (file, ct) =>
        {
            var psi = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(file);
            psi.ArgumentList.Add("-");
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("pdftotext did not start");
            var output = p.StandardOutput.ReadToEndAsync(ct);
            _ = await p.StandardError.ReadToEndAsync(ct);
            await p.WaitForExitAsync(ct);
            if (p.ExitCode != 0 || (await output).Length == 0)
                throw new InvalidOperationException($"pdftotext failed on {file}");
        });
        return clock.Elapsed.TotalSeconds;
    }
}
