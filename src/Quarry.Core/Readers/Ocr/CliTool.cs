using System.Diagnostics;
using System.Text;

namespace Quarry.Core.Readers.Ocr;

/// <summary>What a command-line tool printed and how it ended.</summary>
internal sealed record CliResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs a command-line tool (tesseract, pdftoppm) directly, never through a shell, so file names and options cannot be
/// read as shell syntax. Output and error are drained at the same time: a tool that fills one pipe while we wait on
/// the other would otherwise hang.
/// </summary>
internal static class CliTool
{
    /// <summary>
    /// Runs <paramref name="executable"/> to its end. Throws <see cref="System.ComponentModel.Win32Exception"/> when it
    /// cannot be started (not installed), <see cref="TimeoutException"/> when it outlives <paramref name="timeout"/>;
    /// on a timeout or a cancellation the tool and its children are killed first.
    /// </summary>
    public static async Task<CliResult> RunAsync(
        string executable, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken ct,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        using var process = new Process { StartInfo = start };
        process.Start();
        // Nothing is ever fed in: a tool that asks for input must see its end at once, not wait forever.
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var deadline = new CancellationTokenSource(timeout);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            await process.WaitForExitAsync(either.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            // The pipes close once the tree is gone; waiting for them keeps no reader running after we return.
            await Task.WhenAll(output, error).ContinueWith(_ => { }, TaskScheduler.Default);
            ct.ThrowIfCancellationRequested();
            throw new TimeoutException($"{Path.GetFileName(executable)} ran longer than {timeout.TotalSeconds:0} s and was stopped.");
        }
        return new CliResult(process.ExitCode, await output, await error);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own meanwhile.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Already exiting; nothing left to stop.
        }
    }
}
