using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Quarry.Testing;

/// <summary>
/// A Quarry server run as an OS process of its own — <c>dotnet quarry.dll serve --role R --urls U</c> — configured
/// through the environment, with its console captured. <see cref="Kill"/> is SIGKILL: no shutdown code runs.
/// Disposing kills what is still running, so a failing test leaves no process behind.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServerProcess(Process process, string role, string url)
    {
        _process = process;
        Role = role;
        Url = url;
    }

    public string Role { get; }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Url { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Standard output and error so far, line by line.</summary>
    public string Output => string.Join('\n', _output);

    public static ServerProcess Start(string quarryDll, string role, IReadOnlyDictionary<string, string> environment)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { quarryDll, "serve", "--role", role, "--urls", url })
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment)
            psi.Environment[k] = v;
        var process = new Process { StartInfo = psi };
        var server = new ServerProcess(process, role, url);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) server._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) server._output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits until <c>GET /healthz</c> answers 200; fails with the process's output if it exits or takes too long.</summary>
    public async Task WaitHealthyAsync(HttpClient http, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The {Role} process exited with {_process.ExitCode} before it was healthy:\n{Output}");
            try
            {
                using var res = await http.GetAsync(Url + "/healthz");
                if (res.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The {Role} process was not healthy within {timeout}:\n{Output}");
    }

    /// <summary>SIGKILL, and wait until the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(wait.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or never started.
        }
        _process.Dispose();
    }

    /// <summary>A port nothing listens on now (the OS picks it; it stays free in practice for the moment the server needs).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
