using System.Diagnostics;

namespace Quarry.Client.Tests;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>stderr's lines, for checking that a failure says one thing.</summary>
    public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>The real <c>quarry</c> command as a process (or a bash script that calls it), pointed at a server through the environment.</summary>
public static class QuarryProcess
{
    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "quarry.dll");

    public static Task<CliResult> RunAsync(Uri server, string? key, params string[] args) => RunWithInputAsync(server, key, null, args);

    /// <summary>Runs <c>quarry</c> with <paramref name="stdin"/> piped to it (then closed), as a person's answers would be typed.</summary>
    public static Task<CliResult> RunWithInputAsync(Uri server, string? key, string? stdin, params string[] args)
    {
        var psi = Start("dotnet", server, key);
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.RedirectStandardInput = stdin is not null;
        return WaitAsync(psi, TimeSpan.FromSeconds(60), stdin);
    }

    /// <summary>Runs <c>quarry</c> in local mode (no server) with <paramref name="environment"/> added, e.g. <c>Quarry__Agent__*</c> settings.</summary>
    public static Task<CliResult> RunLocalAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var psi = Start("dotnet", new Uri("http://127.0.0.1:9/"), null);
        foreach (var (k, v) in environment)
            psi.Environment[k] = v;
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return WaitAsync(psi, TimeSpan.FromSeconds(60));
    }

    /// <summary>Runs <paramref name="script"/> with bash (-euo pipefail) in <paramref name="workDir"/>, where <c>quarry</c> is this build's command.</summary>
    public static Task<CliResult> BashAsync(string script, string workDir, Uri server, string key)
    {
        var path = Path.Combine(workDir, "walkthrough.sh");
        File.WriteAllText(path, "set -euo pipefail\nquarry() { dotnet \"$QUARRY_DLL\" \"$@\"; }\n" + script);
        var psi = Start("bash", server, key);
        psi.WorkingDirectory = workDir;
        psi.ArgumentList.Add(path);
        psi.Environment["QUARRY_DLL"] = Dll;
        return WaitAsync(psi, TimeSpan.FromSeconds(120));
    }

    private static ProcessStartInfo Start(string file, Uri server, string? key)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["QUARRY_SERVER"] = server.AbsoluteUri;
        if (key is null) psi.Environment.Remove("QUARRY_API_KEY");
        else psi.Environment["QUARRY_API_KEY"] = key;
        return psi;
    }

    private static async Task<CliResult> WaitAsync(ProcessStartInfo psi, TimeSpan limit, string? stdin = null)
    {
        using var p = Process.Start(psi)!;
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin);
            p.StandardInput.Close();
        }
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{psi.FileName} {string.Join(' ', psi.ArgumentList)} ran longer than {limit}; stderr so far: {await stderr}");
        }
        return new CliResult(p.ExitCode, await stdout, await stderr);
    }
}
