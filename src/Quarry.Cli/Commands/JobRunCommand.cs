using System.CommandLine;
using System.Text.Json;
using Quarry.Cli.Remote;
using Quarry.Client;

namespace Quarry.Cli.Commands;

/// <summary><c>quarry job run --schema S PATHS... [--watch]</c>: upload, start a job, and with --watch follow it to the results.</summary>
public static class JobRunCommand
{
    public static Command Build(RemoteOptions remote)
    {
        var schema = new Option<string>("--schema", "-s") { Description = "The schema: its id, its name, or a JSON file (created first)", Required = true };
        var paths = new Argument<string[]>("paths")
        {
            Description = "Files or folders to upload and extract; none: every document of the organization not yet extracted with this schema",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var name = new Option<string?>("--name") { Description = "A name for the job" };
        var watch = new Option<bool>("--watch", "-w") { Description = "Follow the job until it ends (progress per phase on a terminal), then print its rows" };
        var format = ResultOutput.FormatOption();
        var output = ResultOutput.OutputOption();
        var json = new Option<bool>("--json") { Description = "Print the job as JSON (with --watch: as it ended) instead of rows" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the job's id" };
        var threshold = new Option<double?>("--review-threshold")
        {
            Description = "Approve rows without review from this row confidence (above 0, at most 1; default: the server's, 0.8)",
        };
        threshold.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } t && !(t > 0 && t <= 1))
                r.AddError("--review-threshold must be above 0 and at most 1.");
        });
        var command = new Command("run", """
            Upload files, run a schema over them, and (with --watch) wait for the rows and print them.
            Without --watch it prints the job's id and returns at once; the job runs on the server.
            Exit code 1 when, watched, the job ends failed or cancelled.
            Examples:
              quarry job run --schema samples/schemas/invoice.json samples/documents/invoices/ --watch
              quarry job run --schema Invoice scans/ --watch --format csv -o invoices.csv
              JOB=$(quarry job run --schema Invoice new-invoices/ -q)
              quarry job run --schema Invoice payments/ --review-threshold 0.95 --watch
            """) { schema, paths, name, watch, format, output, json, quiet, threshold };
        command.SetAction(remote.Run(async (parse, client, ct) =>
        {
            var watching = parse.GetValue(watch);
            ResultOutput.Check(parse.GetValue(format)!, parse.GetValue(output));
            var files = parse.GetValue(paths) is { Length: > 0 } given ? Uploader.Files(given) : null;
            var chosen = await SchemaRef.ResolveAsync(client, parse.GetValue(schema)!, allowFile: true, ct);

            List<Guid>? documentIds = null;
            if (files is not null)
            {
                var documents = await Uploader.UploadAsync(client, files, ct);
                documentIds = [.. documents.Select(d => d.Id)];
                Console.Error.WriteLine($"Uploaded {Output.Count(documents.Count, "document")}.");
            }
            var job = await client.Jobs.CreateAsync(new NewJob(chosen.Id, documentIds, parse.GetValue(name), ReviewThreshold: parse.GetValue(threshold)), ct: ct);

            if (!watching)
            {
                if (parse.GetValue(json)) Console.Out.WriteLine(JsonSerializer.Serialize(job, Output.Json));
                else if (parse.GetValue(quiet)) Console.Out.WriteLine(job.Id);
                else Console.Out.WriteLine($"Job {job.Id} {job.Status}: {Output.Count(job.DocumentCount, "document")}. Follow it: quarry job show {job.Id} --watch");
                return 0;
            }

            Console.Error.WriteLine($"Job {job.Id}: {Output.Count(job.DocumentCount, "document")}, schema {chosen.Name} v{chosen.Version}.");
            job = await JobCommand.WatchAsync(client, job.Id, ct);
            if (parse.GetValue(json))
                Console.Out.WriteLine(JsonSerializer.Serialize(job, Output.Json));
            else if (parse.GetValue(quiet))
                Console.Out.WriteLine(job.Id);
            else
                await ResultOutput.WriteAsync(client, job.Id, parse.GetValue(format)!, parse.GetValue(output), null, ct);
            return job.Status == JobStatus.Complete ? 0 : 1;
        }));
        return command;
    }
}
