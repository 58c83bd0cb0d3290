using System.CommandLine;
using System.Globalization;
using Quarry.Cli.Commands;

namespace Quarry.Cli;

/// <summary>The <c>quarry</c> command. Exit codes: 0 ok, 1 failure, 2 usage.</summary>
public static class CliProgram
{
    public static async Task<int> Main(string[] args)
    {
        // System.CommandLine parses numbers with the current culture: '--approve-above 0.9' must mean 0.9 on a German
        // machine too, as in scripts and the docs.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var root = new RootCommand("quarry — turn documents into a grid of typed rows");
        root.Options.Add(CliContext.DataDir);
        root.Options.Add(CliContext.Provider);
        root.Options.Add(CliContext.ConnectionString);
        root.Subcommands.Add(ServeCommand.Build());
        root.Subcommands.Add(KeysCommand.Build());
        root.Subcommands.Add(ExtractCommand.Build());
        root.Subcommands.Add(EvalCommand.Build());
        root.Subcommands.Add(LearnCommand.Build());
        root.Subcommands.Add(CalibrateCommand.Build());
        root.Subcommands.Add(UploadCommand.Build());
        root.Subcommands.Add(SchemaCommand.Build());
        root.Subcommands.Add(JobCommand.Build());
        root.Subcommands.Add(ReviewCommand.Build());
        root.Subcommands.Add(WebhookCommand.Build());
        root.Subcommands.Add(RegistryCommand.Build());

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line per error: a list of accepted values comes one per line from System.CommandLine.
            foreach (var e in parse.Errors)
                Console.Error.WriteLine(string.Join(' ', e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
            Console.Error.WriteLine("Run 'quarry --help' for usage.");
            return 2;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CliUsageException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Console.Error.WriteLine($"quarry: {e.Message}");
            return 1;
        }
    }
}
