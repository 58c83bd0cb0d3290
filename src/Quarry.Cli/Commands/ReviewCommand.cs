using System.CommandLine;
using System.Text.Json;
using Quarry.Cli.Remote;
using Quarry.Client;

namespace Quarry.Cli.Commands;

/// <summary>
/// <c>quarry review JOB</c>: the rows of a job that need a person, with what is wrong with each. Accepting and correcting
/// them needs the review API (PATCH /v1/jobs/{id}/results/{row_id}), which the server does not have yet; the command says
/// so rather than pretend.
/// </summary>
public static class ReviewCommand
{
    public const string NoReviewApi =
        "Accepting or correcting rows needs the server's review API (PATCH /v1/jobs/{id}/results/{row_id}), which this version of Quarry does not have yet; this command only lists them.";

    public static Command Build()
    {
        var (command, remote) = RemoteOptions.Command("review", """
            List the rows of a job that need review (status 'review'): the document, its confidence, the flags that
            sent it to review, and the flagged values.
            Accepting or correcting rows needs the server's review API (PATCH /v1/jobs/{id}/results/{row_id}),
            which this version of Quarry does not have yet: this command only lists them.
            Until then, export them to check by hand: quarry job results ID --status review --format xlsx -o review.xlsx
            Examples:
              quarry review 9d1e3f6a-…
              quarry review 9d1e3f6a-… --json | jq '.[].validation_flags'
            """);
        var id = new Argument<string>("job") { Description = "The job's id" };
        var json = new Option<bool>("--json") { Description = "Print the rows as JSON (the API's row objects, with cells)" };
        command.Arguments.Add(id);
        command.Options.Add(json);
        command.SetAction(remote.Run(async (parse, client, ct) =>
        {
            var jobId = Output.Id(parse.GetValue(id)!, "job");
            var rows = new List<ResultRow>();
            await foreach (var row in client.Results.ListAllAsync(jobId, RowStatus.Review, includeCells: true, ct: ct))
                rows.Add(row);
            if (parse.GetValue(json))
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
            Console.Error.WriteLine($"{Output.Count(rows.Count, "row")} {(rows.Count == 1 ? "needs" : "need")} review. {NoReviewApi}");
            return 0;
        }));
        return command;
    }

    /// <summary>The values behind the flags (<c>kind:field</c>), so the table shows what to look at: <c>total=∅ date=2024-13-01</c>.</summary>
    private static string FlaggedValues(ResultRow row)
    {
        var fields = row.ValidationFlags.Select(f => f[(f.IndexOf(':', StringComparison.Ordinal) + 1)..])
            .Where(row.Values.ContainsKey).Distinct(StringComparer.Ordinal);
        return string.Join(' ', fields.Select(f => $"{f}={(ResultOutput.Cell(row.Values[f]) is { Length: > 0 } v ? v : "∅")}"));
    }
}
