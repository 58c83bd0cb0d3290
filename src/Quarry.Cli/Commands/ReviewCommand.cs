using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Quarry.Cli.Remote;
using Quarry.Cli.Review;
using Quarry.Client;

namespace Quarry.Cli.Commands;

/// <summary>
/// <c>quarry review JOB</c>: the rows of a job that need a person. At a terminal it asks about each row (approve, correct,
/// reject, skip); in a pipe it lists them; <c>--row</c> and friends correct, approve or reject without asking.
/// </summary>
public static class ReviewCommand
{
    public static Command Build()
    {
        var (command, remote) = RemoteOptions.Command("review", """
            Review the rows of a job that need a person (status 'review'): see each row's doubtful cells (value,
            confidence, flags and the text they were read from), then approve it, correct a field, or reject it.
            At a terminal this asks about each row in turn; when stdin or stdout is not a terminal it lists the rows
            (--list), unless --interactive reads the answers from stdin. --row acts on rows without asking.
            A correction is typed as the results show it: numbers as 99.50, dates as 2024-10-01; 'field=' clears a cell.
            Examples:
              quarry review 9d1e3f6a-…                                         # ask about each row (at a terminal)
              quarry review 9d1e3f6a-… --list --json | jq '.[].validation_flags'
              ROW=$(quarry review 9d1e3f6a-… -q | head -n 1)                  # ids only
              quarry review 9d1e3f6a-… --row 5b2c… --set total=628.08 --set due_date=2024-10-31 --approve
              quarry review 9d1e3f6a-… --row 5b2c… --reject --reason "Not our invoice"
              quarry review 9d1e3f6a-… --row 5b2c… --row 7e4a… --approve     # several rows in one request
              quarry review 9d1e3f6a-… --approve-above 0.9                     # every row in review at or above 0.9
              quarry review 9d1e3f6a-… --row 5b2c… --history
              printf 'c total=99.5\na\nq\n' | quarry review 9d1e3f6a-… --interactive
            """);
        var id = new Argument<string>("job") { Description = "The job's id" };
        var list = new Option<bool>("--list") { Description = "Only list the rows needing review (the default when not at a terminal)" };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Ask about each row, reading answers from stdin even from a pipe" };
        var rows = new Option<string[]>("--row") { Description = "Act on this row (repeat for several); alone, show it with its cells", AllowMultipleArgumentsPerToken = false };
        var set = new Option<string[]>("--set") { Description = "Correct a field of the --row: FIELD=VALUE (repeatable; empty VALUE clears the cell)" };
        var approve = new Option<bool>("--approve") { Description = "Approve the --row(s)" };
        var reject = new Option<bool>("--reject") { Description = "Reject the --row(s)" };
        var reason = new Option<string?>("--reason") { Description = "Why the rows are rejected (with --reject); kept in the history" };
        var above = new Option<double?>("--approve-above") { Description = "Approve every row needing review whose confidence is at least this (0–1)" };
        var history = new Option<bool>("--history") { Description = "Print the --row's history: every value set, by which phase or person, and every approval or rejection" };
        var json = new Option<bool>("--json") { Description = "Print the API's row objects (or history lines) as JSON" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "List only the ids of the rows needing review, one a line" };
        command.Arguments.Add(id);
        foreach (var o in new Option[] { list, interactive, rows, set, approve, reject, reason, above, history, json, quiet })
            command.Options.Add(o);

        command.SetAction(remote.Run(async (parse, client, ct) =>
        {
            var jobId = Output.Id(parse.GetValue(id)!, "job");
            var rowIds = (parse.GetValue(rows) ?? []).Select(r => Output.Id(r, "row")).Distinct().ToList();
            var sets = parse.GetValue(set) ?? [];
            var (isApprove, isReject, why, min, isHistory, asJson) = (parse.GetValue(approve), parse.GetValue(reject), parse.GetValue(reason),
                parse.GetValue(above), parse.GetValue(history), parse.GetValue(json));
            var acting = sets.Length > 0 || isApprove || isReject || isHistory;
            if (isApprove && isReject) throw new CliUsageException("Give --approve or --reject, not both.");
            if (why is not null && !isReject) throw new CliUsageException("--reason goes with --reject.");
            if (min is { } m)
            {
                if (m is < 0 or > 1 || double.IsNaN(m)) throw new CliUsageException("--approve-above takes a confidence from 0 to 1, e.g. 0.9.");
                if (rowIds.Count > 0 || acting) throw new CliUsageException("--approve-above works on its own, without --row, --set, --approve, --reject or --history.");
                return await ReviewScript.ApproveAboveAsync(client, jobId, m, asJson, ct);
            }
            if (acting && rowIds.Count == 0) throw new CliUsageException("Say which row: --row ROW_ID ('quarry review JOB --list' shows them).");
            if (rowIds.Count > 0)
            {
                if (isHistory && (sets.Length > 0 || isApprove || isReject || rowIds.Count > 1))
                    throw new CliUsageException("--history shows one --row's history, on its own.");
                if (sets.Length > 0 && rowIds.Count > 1) throw new CliUsageException("--set corrects one --row at a time.");
                if (isHistory) return await ReviewScript.HistoryAsync(client, jobId, rowIds[0], asJson, ct);
                if (!acting) return rowIds.Count == 1 ? await ReviewScript.ShowAsync(client, jobId, rowIds[0], asJson, ct)
                    : throw new CliUsageException("Say what to do with the rows: --approve or --reject.");
                var action = isApprove ? ReviewAction.Approve : isReject ? ReviewAction.Reject : null;
                if (rowIds.Count > 1) return await ReviewScript.UpdateManyAsync(client, jobId, rowIds, action!, why, asJson, ct);
                var values = sets.Length > 0 ? CorrectionValue.ParseAll(sets, (await JobFieldsAsync(client, jobId, ct)).Fields) : null;
                return await ReviewScript.UpdateOneAsync(client, jobId, rowIds[0], new RowReview(values, action, why), asJson, ct);
            }

            var waiting = await client.Results.ListAllAsync(jobId, RowStatus.Review, includeCells: true, ct: ct).ToListAsync(ct);
            if (parse.GetValue(quiet))
            {
                // One write, so a reader that stops after the first line ('| head -n 1') never breaks the pipe mid-list.
                Console.Out.Write(string.Concat(waiting.Select(r => r.Id.ToString("D") + "\n")));
                return 0;
            }
            var ask = parse.GetValue(interactive) || (!parse.GetValue(list) && !asJson && !Console.IsInputRedirected && !Console.IsOutputRedirected);
            if (ask)
            {
                var (fields, threshold) = await JobFieldsAsync(client, jobId, ct);
                return await new ReviewSession(client, jobId, fields, threshold, Console.In, Console.Out).RunAsync(waiting, ct);
            }
            return await ListAsync(waiting, asJson);
        }));
        return command;
    }

    /// <summary>The fields of the schema version the job runs, to type corrections by, and the job's review threshold.</summary>
    private static async Task<(IReadOnlyList<SchemaField> Fields, double Threshold)> JobFieldsAsync(QuarryClient client, Guid jobId, CancellationToken ct)
    {
        var job = await client.Jobs.GetAsync(jobId, ct);
        var threshold = job.ReviewThreshold > 0 ? job.ReviewThreshold : RowView.DefaultThreshold;
        return ((await client.Schemas.GetAsync(job.Schema.Id, job.Schema.Version, ct)).Fields, threshold);
    }

    private static async Task<int> ListAsync(List<ResultRow> rows, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(rows, Output.Json));
            return 0;
        }
        if (rows.Count == 0)
            Console.Out.WriteLine("No rows need review.");
        else
        {
            await TextTable.WriteAsync(Console.Out, ["ROW", "FILENAME", "CONFIDENCE", "FLAGS", "FLAGGED VALUES"],
                rows.Select(r => (IReadOnlyList<string>)[r.Id.ToString(), r.Filename, ResultOutput.Confidence(r.Confidence),
                    r.ValidationFlags.Count > 0 ? string.Join(' ', r.ValidationFlags) : "(confidence below the job's threshold)",
                    FlaggedValues(r)]).ToList(), maxWidth: 60);
        }
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Output.Count(rows.Count, "row")} {(rows.Count == 1 ? "needs" : "need")} review. Review them one by one with 'quarry review JOB -i', or act with --row ROW --set FIELD=VALUE --approve | --reject."));
        return 0;
    }

    /// <summary>The values behind the flags (<c>kind:field</c>), so the table shows what to look at: <c>total=∅ date=2024-13-01</c>.</summary>
    private static string FlaggedValues(ResultRow row) =>
        string.Join(' ', RowView.DoubtfulFields(row with { Cells = null }).Select(f => $"{f}={RowView.Value(row, f)}"));
}
