using System.CommandLine;
using Quarry.Client;

namespace Quarry.Cli.Remote;

/// <summary>
/// <c>--server</c> and <c>--api-key</c> of the commands that talk to a server, and how such a command runs: API errors,
/// an unreachable server and a timeout become one line on stderr and exit code 1; a mistake in the call, exit code 2.
/// </summary>
public sealed class RemoteOptions
{
    public const string DefaultServer = "http://localhost:5080";
    private const int MaxRetries = 3;

    public Option<string?> Server { get; } = new("--server")
    {
        Description = $"The Quarry server (default: $QUARRY_SERVER, else {DefaultServer})",
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "The API key (default: $QUARRY_API_KEY; prefer the variable, since arguments are visible to other users of the machine)",
        Recursive = true,
    };

    /// <summary>A top-level client command with the two options, inherited by its subcommands.</summary>
    public static (Command Command, RemoteOptions Options) Command(string name, string description)
    {
        var remote = new RemoteOptions();
        var command = new Command(name, description);
        command.Options.Add(remote.Server);
        command.Options.Add(remote.ApiKey);
        return (command, remote);
    }

    /// <summary>The action of a client command: <paramref name="body"/> gets a ready client and returns the exit code.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Run(Func<ParseResult, QuarryClient, CancellationToken, Task<int>> body) =>
        async (parse, ct) =>
        {
            var server = parse.GetValue(Server) ?? Env("QUARRY_SERVER") ?? DefaultServer;
            var key = parse.GetValue(ApiKey) ?? Env("QUARRY_API_KEY")
                ?? throw new CliUsageException("No API key: set QUARRY_API_KEY or pass --api-key. A server prints its first key when it starts; more with 'quarry keys create --org default'.");
            if (!Uri.TryCreate(server, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                throw new CliUsageException($"--server must be an http or https address, not '{server}'.");
            var options = new QuarryClientOptions
            {
                // Retries are announced on a terminal only: piped output stays what the command prints.
                OnRetry = r =>
                {
                    if (!Console.IsErrorRedirected)
                        Console.Error.WriteLine($"quarry: the server answered {r.Status}; retrying in {r.Delay.TotalSeconds:0.#} s ({r.Attempt} of {MaxRetries}).");
                },
                MaxRetries = MaxRetries,
            };
            using var client = new QuarryClient(url.AbsoluteUri, key, options);
            try
            {
                return await body(parse, client, ct);
            }
            catch (CliFailureException e)
            {
                return Fail(e.Message);
            }
            catch (QuarryApiException e)
            {
                return Fail(e.Problem.Summary(Advice(e)));
            }
            catch (HttpRequestException e)
            {
                return Fail($"cannot reach the server at {url.AbsoluteUri}: {e.Message.TrimEnd('.')}. Is it running, and is that its address (--server, $QUARRY_SERVER)?");
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                return Fail($"the server at {url.AbsoluteUri} did not answer in time.");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return Fail("cancelled.");
            }
        };

    public static int Fail(string message)
    {
        Console.Error.WriteLine("quarry: " + OneLine(message));
        return 1;
    }

    private static string? Advice(QuarryApiException e) => e switch
    {
        QuarryUnauthorizedException => "Check $QUARRY_API_KEY or --api-key.",
        QuarryRateLimitedException => "This key's rate limit is reached; try again later.",
        _ => null,
    };

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
