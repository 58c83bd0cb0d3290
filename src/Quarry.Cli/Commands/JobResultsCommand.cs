using System.CommandLine;
using Quarry.Cli.Remote;
using Quarry.Client;

namespace Quarry.Cli.Commands;

/// <summary><c>quarry job results ID</c>: a job's rows as a table or a file.</summary>
public static class JobResultsCommand
{
    private static readonly string[] RowStatuses = [RowStatus.Processing, RowStatus.Approved, RowStatus.Review, RowStatus.Rejected, RowStatus.Failed];

    public static Command Build(RemoteOptions remote)
    {
        var id = new Argument<string>("id") { Description = "The job's id" };
        var format = ResultOutput.FormatOption();
        var output = ResultOutput.OutputOption();
        var status = new Option<string?>("--status") { Description = "Only rows with this status: " + string.Join(", ", RowStatuses) };
        status.AcceptOnlyFromAmong(RowStatuses);
        var command = new Command("results", """
            A job's rows: one per document, one column per field, with status, confidence and flags.
            Readable while the job runs (rows fill in phase by phase). csv, xlsx and ndjson are the server's exports, streamed.
            Examples:
              quarry job results 9d1e3f6a-…
              quarry job results 9d1e3f6a-… --format csv -o invoices.csv
              quarry job results 9d1e3f6a-… --format xlsx -o invoices.xlsx --status review
              quarry job results 9d1e3f6a-… --format json | jq '.data[].values.total'
            """) { id, format, output, status };
        command.SetAction(remote.Run(async (parse, client, ct) =>
        {
            var jobId = Output.Id(parse.GetValue(id)!, "job");
            ResultOutput.Check(parse.GetValue(format)!, parse.GetValue(output));
            await ResultOutput.WriteAsync(client, jobId, parse.GetValue(format)!, parse.GetValue(output), parse.GetValue(status), ct);
            return 0;
        }));
        return command;
    }
}
