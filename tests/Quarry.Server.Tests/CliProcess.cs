using System.Diagnostics;
using Quarry.Testing;

namespace Quarry.Server.Tests;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the real <c>quarry</c> command as a process, configured for the test's database through the environment.</summary>
/// <summary>
/// The calibration table the server tests run with: fixed, so that what they check (statuses, flags, filters) does not
/// move when the shipped table is refitted on data. The shipped table has its own tests in Quarry.Core.Tests.
/// </summary>
public static class TestCalibration
{
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "plumbing-calibration.json");
}

public static class CliProcess
{
    public static async Task<CliResult> RunAsync(TestDatabase db, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "quarry.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["Quarry__DataDir"] = db.DataDir;
        psi.Environment["Quarry__Database__Provider"] = db.Provider;
        psi.Environment["Quarry__Review__CalibrationFile"] = TestCalibration.Path;
        if (db.ConnectionString is not null)
            psi.Environment["ConnectionStrings__Quarry"] = db.ConnectionString;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await p.WaitForExitAsync(timeout.Token);
        return new CliResult(p.ExitCode, await stdout, await stderr);
    }
}
