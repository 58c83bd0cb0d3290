using System.CommandLine;
using Quarry.Server.Hosting;

namespace Quarry.Cli.Commands;

/// <summary>
/// <c>quarry serve [--role api|worker|all] [--urls URL]</c>: the server of <c>src/Quarry.Server</c>, in this process.
/// Any number of processes of any role may share one PostgreSQL database (and one blob store).
/// </summary>
public static class ServeCommand
{
    public static Command Build()
    {
        var role = new Option<string>("--role") { Description = "api (HTTP API only), worker (parsing and the phases, /healthz only) or all", DefaultValueFactory = _ => "all" };
        role.AcceptOnlyFromAmong("api", "worker", "all");
        var urls = new Option<string?>("--urls") { Description = $"Where to listen, e.g. http://0.0.0.0:5080 (default {QuarryApp.DefaultUrls}); every role answers GET /healthz there" };
        var command = new Command("serve", """
            Run the server. Other settings come from the environment (Quarry__Workers__LeaseSeconds=15, …) or follow as
            --Quarry:Key=value.
            Examples:
              quarry serve
              quarry serve --role api --urls http://0.0.0.0:5080 --provider postgres --connection-string "Host=db;…"
              quarry serve --role worker --urls http://0.0.0.0:5081 --provider postgres --connection-string "Host=db;…"
            """) { role, urls };
        // Settings after the known options go to the server's configuration as they are.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var args = new List<string> { $"--{QuarryRoles.ConfigKey}={parse.GetValue(role)}" };
            if (parse.GetValue(urls) is { } u) args.Add($"--urls={u}");
            if (parse.GetValue(CliContext.DataDir) is { } dir) args.Add($"--Quarry:DataDir={dir}");
            if (parse.GetValue(CliContext.Provider) is { } provider) args.Add($"--Quarry:Database:Provider={provider}");
            if (parse.GetValue(CliContext.ConnectionString) is { } cs) args.Add($"--ConnectionStrings:Quarry={cs}");
            args.AddRange(parse.UnmatchedTokens);
            await QuarryApp.RunAsync(args.ToArray(), ct);
            return 0;
        });
        return command;
    }
}
