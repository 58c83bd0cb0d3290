using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Quarry.Cli.Remote;
using Quarry.Client;

namespace Quarry.Cli.Commands;

/// <summary><c>quarry job run|list|show|cancel|results</c>: extraction jobs on a server.</summary>
public static class JobCommand
{
    private static readonly string[] Statuses = [JobStatus.Queued, JobStatus.Processing, JobStatus.Complete, JobStatus.Failed, JobStatus.Cancelled];

    public static Command Build()
    {
        var (job, remote) = RemoteOptions.Command("job", """
            Run a schema over documents on a Quarry server, follow the job, and read its rows.
            Examples:
              quarry job run --schema samples/schemas/invoice.json samples/documents/invoices/ --watch
              quarry job list
              quarry job results 9d1e3f6a-… --format csv -o invoices.csv
            """);
        job.Subcommands.Add(JobRunCommand.Build(remote));
        job.Subcommands.Add(List(remote));
        job.Subcommands.Add(Show(remote));
        job.Subcommands.Add(Cancel(remote));
        job.Subcommands.Add(JobResultsCommand.Build(remote));
        return job;
    }

    private static Command List(RemoteOptions remote)
    {
        var status = new Option<string?>("--status") { Description = "Only jobs with this status: " + string.Join(", ", Statuses) };
        status.AcceptOnlyFromAmong(Statuses);
        var json = ListOutput.JsonOption("jobs");
        var quiet = ListOutput.QuietOption();
        var command = new Command("list", """
            List jobs, newest first.
            Examples:
              quarry job list
              quarry job list --status processing -q
            """) { status, json, quiet };
        command.SetAction(remote.Run(async (parse, client, ct) =>
        {
            await ListOutput.WriteAsync(await client.Jobs.ListAllAsync(parse.GetValue(status), ct).ToListAsync(ct), parse.GetValue(json),
                parse.GetValue(quiet), "No jobs.", ["ID", "SCHEMA", "STATUS", "PROGRESS", "DOCUMENTS", "FAILED", "CREATED"],
                j => [j.Id.ToString(), $"{j.Schema.Name} v{j.Schema.Version}", j.Status, j.Progress.ToString(CultureInfo.InvariantCulture) + "%",
                    j.DocumentCount.ToString(CultureInfo.InvariantCulture), j.FailedDocuments.ToString(CultureInfo.InvariantCulture),
                    Output.Time(j.CreatedAt)], j => j.Id, statusColumn: 2);
            return 0;
        }));
        return command;
    }

    private static Command Show(RemoteOptions remote)
    {
        var id = new Argument<string>("id") { Description = "The job's id" };
        var watch = new Option<bool>("--watch", "-w") { Description = "Follow the job until it ends (progress per phase on a terminal)" };
        var json = new Option<bool>("--json") { Description = "Print the job as JSON" };
        var command = new Command("show", """
            Show a job: status, progress, phase, counts. Exit code 1 when, watched, it ends failed or cancelled.
            Examples:
              quarry job show 9d1e3f6a-…
              quarry job show 9d1e3f6a-… --watch
            """) { id, watch, json };
        command.SetAction(remote.Run(async (parse, client, ct) =>
        {
            var jobId = Output.Id(parse.GetValue(id)!, "job");
            var job = parse.GetValue(watch) ? await WatchAsync(client, jobId, ct) : await client.Jobs.GetAsync(jobId, ct);
            if (parse.GetValue(json))
                Console.Out.WriteLine(JsonSerializer.Serialize(job, Output.Json));
            else
                Describe(job);
            return parse.GetValue(watch) && job.Status != JobStatus.Complete ? 1 : 0;
        }));
        return command;
    }

    private static Command Cancel(RemoteOptions remote)
    {
        var id = new Argument<string>("id") { Description = "The job's id" };
        var command = new Command("cancel", """
            Cancel a running job; rows already written stay readable. A job that already ended cannot be cancelled (exit code 1).
            Example:
              quarry job cancel 9d1e3f6a-…
            """) { id };
        command.SetAction(remote.Run(async (parse, client, ct) =>
        {
            var job = await client.Jobs.CancelAsync(Output.Id(parse.GetValue(id)!, "job"), ct: ct);
            Console.Out.WriteLine($"Cancelled job {job.Id}: {job.CompletedDocuments} of {job.DocumentCount} documents were done.");
            return 0;
        }));
        return command;
    }

    /// <summary>Polls the job until it ends, drawing its progress on a terminal, then prints how it ended on stderr.</summary>
    public static async Task<Job> WatchAsync(QuarryClient client, Guid jobId, CancellationToken ct)
    {
        var progress = new JobProgress();
        var job = await client.Jobs.WaitAsync(jobId, TimeSpan.FromMilliseconds(500), progress.Update, ct);
        Console.Error.WriteLine(JobProgress.Summary(job));
        return job;
    }

    private static void Describe(Job j)
    {
        var lines = new List<(string, string)>
        {
            ("id", j.Id.ToString()),
            ("name", j.Name ?? ""),
            ("schema", $"{j.Schema.Name} v{j.Schema.Version} ({j.Schema.Id})"),
            ("status", Terminal.Paint(j.Status, Terminal.Of(j.Status), Terminal.StdoutColours)),
            ("progress", j.Progress.ToString(CultureInfo.InvariantCulture) + "%" + (j.CurrentPhase is { } p ? $" ({p})" : "")),
            ("documents", string.Create(CultureInfo.InvariantCulture, $"{j.DocumentCount} ({j.CompletedDocuments} done, {j.FailedDocuments} failed)")),
            ("cells filled", string.Create(CultureInfo.InvariantCulture, $"{j.GridStats.Filled} of {j.GridStats.TotalCells}")),
            ("created", Output.Time(j.CreatedAt)),
        };
        if (j.CompletedAt is { } done) lines.Add(("ended", Output.Time(done)));
        if (j.Error is { } e) lines.Add(("error", $"{e.Code}: {e.Message}"));
        foreach (var (k, v) in lines.Where(l => l.Item2.Length > 0))
            Console.Out.WriteLine($"{k + ":",-14}{v}");
    }
}
