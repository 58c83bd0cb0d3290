using System.Globalization;
using Quarry.Cli.Remote;
using Quarry.Client;

namespace Quarry.Cli.Review;

/// <summary>
/// <c>quarry review JOB</c> at a terminal (or with <c>--interactive</c>): each row needing review in turn, its doubtful
/// cells, and a question — approve, correct a field, reject with a reason, skip, quit. Answers are read line by line, so
/// the same session can be fed through a pipe. A refused correction is shown and asked again; the end of the input quits.
/// </summary>
public sealed class ReviewSession(QuarryClient client, Guid jobId, IReadOnlyList<SchemaField> fields, double threshold, TextReader input, TextWriter output)
{
    private const string Question = "[a]pprove  [c]orrect FIELD=VALUE  [r]eject  [s]kip  [q]uit > ";
    private int _approved, _rejected, _corrected, _skipped;

    public async Task<int> RunAsync(IReadOnlyList<ResultRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            await output.WriteLineAsync("No rows need review.");
            return 0;
        }
        for (var i = 0; i < rows.Count; i++)
        {
            var heading = string.Create(CultureInfo.InvariantCulture, $"Row {i + 1} of {rows.Count}");
            if (!await ReviewAsync(rows[i], heading, ct))
            {
                _skipped += rows.Count - i;
                break;
            }
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Approved {_approved}, rejected {_rejected}, corrected {Output.Count(_corrected, "field")}; {_skipped} left for later."));
        return 0;
    }

    /// <summary>Asks about one row until it is approved, rejected or skipped; false to stop the session.</summary>
    private async Task<bool> ReviewAsync(ResultRow row, string heading, CancellationToken ct)
    {
        await output.WriteLineAsync();
        await RowView.WriteAsync(output, row, heading, threshold);
        while (true)
        {
            var answer = await AskAsync(Question, ct);
            if (answer is null)
                return false;
            var (verb, rest) = Verb(answer);
            switch (verb)
            {
                case "a" or "approve":
                    if (await TryAsync(RowReview.Approve(), row, ct) is not null) { _approved++; await output.WriteLineAsync("Approved."); return true; }
                    break;
                case "r" or "reject":
                    var reason = rest.Length > 0 ? rest : await AskAsync("Reason (optional) > ", ct);
                    if (await TryAsync(RowReview.Reject(reason is { Length: > 0 } ? reason : null), row, ct) is not null)
                    {
                        _rejected++;
                        await output.WriteLineAsync("Rejected.");
                        return true;
                    }
                    break;
                case "c" or "correct":
                    var assignment = rest.Length > 0 ? rest : await AskAsync("FIELD=VALUE (an empty VALUE clears the cell) > ", ct);
                    if (assignment is null)
                        return false;
                    if (await CorrectAsync(row, assignment, ct) is { } corrected)
                    {
                        row = corrected;
                        await RowView.WriteAsync(output, row, "Corrected", threshold);
                    }
                    break;
                case "s" or "skip" or "":
                    _skipped++;
                    return true;
                case "q" or "quit":
                    return false;
                default:
                    await output.WriteLineAsync($"'{answer}' is not an answer: a, c FIELD=VALUE, r [REASON], s or q.");
                    break;
            }
        }
    }

    private async Task<ResultRow?> CorrectAsync(ResultRow row, string assignment, CancellationToken ct)
    {
        string name, text;
        try
        {
            (name, text) = CorrectionValue.Split(assignment.Trim());
        }
        catch (CliUsageException e)
        {
            await output.WriteLineAsync(e.Message);
            return null;
        }
        var value = CorrectionValue.Parse(text, fields.FirstOrDefault(f => f.Name == name));
        var corrected = await TryAsync(RowReview.Correct(name, value), row, ct);
        if (corrected is not null)
            _corrected++;
        return corrected;
    }

    /// <summary>Sends one review; an error answer (a value of the wrong type, a row that changed state) is shown as one line and the question asked again.</summary>
    private async Task<ResultRow?> TryAsync(RowReview review, ResultRow row, CancellationToken ct)
    {
        try
        {
            return await client.Review.UpdateRowAsync(jobId, row.Id, review, ct);
        }
        catch (QuarryApiException e) when (e is not (QuarryUnauthorizedException or QuarryRateLimitedException))
        {
            await Console.Error.WriteLineAsync("quarry: " + e.Problem.Summary());
            return null;
        }
    }

    private async Task<string?> AskAsync(string question, CancellationToken ct)
    {
        await output.WriteAsync(question);
        await output.FlushAsync(ct);
        var line = await input.ReadLineAsync(ct);
        // Fed through a pipe, the answer does not echo: write it, so the transcript reads like the terminal session.
        if (Console.IsInputRedirected)
            await output.WriteLineAsync(line ?? "");
        return line?.Trim();
    }

    private static (string Word, string Remainder) Verb(string answer)
    {
        var space = answer.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (answer.ToLowerInvariant(), "") : (answer[..space].ToLowerInvariant(), answer[(space + 1)..].Trim());
    }
}
