using System.CommandLine;
using System.Text.Json;
using Quarry.Cli.Remote;
using Quarry.Client;

namespace Quarry.Cli.Commands;

/// <summary><c>quarry upload PATHS...</c>: send files to a server.</summary>
public static class UploadCommand
{
    public static Command Build()
    {
        var (command, remote) = RemoteOptions.Command("upload", """
            Upload files to a Quarry server; folders are walked (a file is named by its path below the folder).
            The server parses them in the background; 'quarry job run' waits for that by itself.
            Prints the documents created (id, name, status); --json for the full objects, -q for ids only.
            Examples:
              quarry upload invoice.pdf receipt.png
              quarry upload samples/documents/ --json > documents.json
              quarry upload scans/ -q | head -1
            """);
        var paths = new Argument<string[]>("paths") { Description = "Files or folders", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print the created documents as JSON" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the document ids, one per line" };
        command.Arguments.Add(paths);
        command.Options.Add(json);
        command.Options.Add(quiet);
        command.SetAction(remote.Run(async (parse, client, ct) =>
        {
            var files = Uploader.Files(parse.GetValue(paths)!);
            var documents = await Uploader.UploadAsync(client, files, ct);
            if (parse.GetValue(json))
                Console.Out.WriteLine(JsonSerializer.Serialize(documents, Output.Json));
            else if (parse.GetValue(quiet))
                documents.ForEach(d => Console.Out.WriteLine(d.Id));
            else
            {
                await TextTable.WriteAsync(Console.Out, ["ID", "FILENAME", "SIZE", "STATUS"],
                    documents.Select(d => (IReadOnlyList<string>)[d.Id.ToString(), d.Filename, Output.Size(d.SizeBytes), d.Status]).ToList(),
                    Terminal.StdoutColours, (col, text) => col == 3 ? Terminal.Of(text) : Colour.None, maxWidth: 60);
            }
            return 0;
        }));
        return command;
    }
}
