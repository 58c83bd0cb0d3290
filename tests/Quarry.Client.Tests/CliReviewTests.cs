using System.Text.Json.Nodes;

namespace Quarry.Client.Tests;

/// <summary><c>quarry review</c> as a process against a real server: the scripted forms, and the interactive one fed through stdin.</summary>
public sealed class CliReviewTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly KestrelServer _server = fixture.Server;

    /// <summary>A finished job whose rows all wait for review: the schema requires a purchase order number no invoice has.</summary>
    private async Task<(string Key, QuarryClient Client, Job Job, List<ResultRow> Rows)> JobInReviewAsync(int invoices)
    {
        var key = await _server.NewKeyAsync();
        var client = new QuarryClient(_server.BaseUrl.AbsoluteUri, key);
        var schema = await client.Schemas.CreateAsync(Invoices.Schema() with
        {
            Fields = [.. Invoices.Schema().Fields, new SchemaField("po_number", FieldTypes.String, Required: true)],
        });
        var documents = await client.Documents.UploadAsync(Enumerable.Range(1, invoices).Select(n => UploadFile.FromBytes($"inv-{n}.pdf", Invoices.Numbered(n))));
        var job = await client.Jobs.CreateAsync(new NewJob(schema.Id, [.. documents.Select(d => d.Id)]));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        job = await client.Jobs.WaitAsync(job.Id, TimeSpan.FromMilliseconds(50), ct: timeout.Token);
        var rows = await ClientRoundTripTests.ToListAsync(client.Results.ListAllAsync(job.Id));
        Assert.All(rows, r => Assert.Equal((RowStatus.Review, true), (r.Status, r.ValidationFlags.Contains("missing_required_field:po_number"))));
        return (key, client, job, rows);
    }

    [Fact]
    public async Task Scripted_review_corrects_approves_rejects_in_bulk_and_approves_above_a_confidence()
    {
        var (key, client, job, rows) = await JobInReviewAsync(4);
        using var _ = client;
        Task<CliResult> Quarry(params string[] args) => QuarryProcess.RunAsync(_server.BaseUrl, key, ["review", job.Id.ToString(), .. args]);

        var ids = await Quarry("-q");
        Assert.Equal(string.Concat(rows.Select(r => r.Id + "\n")), ids.Stdout);

        CliTests.AssertOneLine(await Quarry("--row", rows[0].Id.ToString(), "--set", "total=lots"), 1,
            "quarry: 400 validation_error: values.total: Expected currency_amount: a JSON number");

        var corrected = await Quarry("--row", rows[0].Id.ToString(), "--set", "po_number=PO-77", "--set", "total=12.50",
            "--set", "invoice_number=0001", "--approve", "--json");
        Assert.True(corrected.ExitCode == 0, corrected.ToString());
        var row = JsonNode.Parse(corrected.Stdout)!;
        Assert.Equal(RowStatus.Approved, row["status"]!.GetValue<string>());
        Assert.Equal("PO-77", row["values"]!["po_number"]!.GetValue<string>());
        Assert.Equal(12.50m, row["values"]!["total"]!.GetValue<decimal>());
        Assert.Equal("0001", row["values"]!["invoice_number"]!.GetValue<string>());

        var rejected = await Quarry("--row", rows[1].Id.ToString(), "--row", rows[2].Id.ToString(), "--reject", "--reason", "Not ours");
        Assert.True(rejected.ExitCode == 0, rejected.ToString());
        Assert.Equal("Rejected 2 rows.", rejected.Stderr.Trim());
        var history = await Quarry("--row", rows[1].Id.ToString(), "--history");
        Assert.Contains("Not ours", history.Stdout, StringComparison.Ordinal);
        Assert.Contains("rejected", history.Stdout, StringComparison.Ordinal);

        var above = await Quarry("--approve-above", "0");
        Assert.True(above.ExitCode == 0, above.ToString());
        Assert.Contains(rows[3].Id.ToString(), above.Stdout, StringComparison.Ordinal);
        Assert.Equal("Approved 1 row.", above.Stderr.Trim());

        var now = await ClientRoundTripTests.ToListAsync(client.Results.ListAllAsync(job.Id));
        Assert.Equal([RowStatus.Approved, RowStatus.Rejected, RowStatus.Rejected, RowStatus.Approved], now.Select(r => r.Status));
        var shown = await Quarry("--row", rows[0].Id.ToString());
        Assert.Contains("(a person)", shown.Stdout, StringComparison.Ordinal);
        Assert.Equal("No rows need review.", (await Quarry("--list")).Stdout.Trim());
    }

    [Fact]
    public async Task Scripted_review_mistakes_are_usage_errors_and_change_nothing()
    {
        var (key, client, job, rows) = await JobInReviewAsync(1);
        using var _ = client;
        var row = rows[0].Id.ToString();
        Task<CliResult> Quarry(params string[] args) => QuarryProcess.RunAsync(_server.BaseUrl, key, ["review", job.Id.ToString(), .. args]);

        CliTests.AssertOneLine(await Quarry("--row", row, "--set", "total"), 2, "'total' is not FIELD=VALUE");
        CliTests.AssertOneLine(await Quarry("--row", row, "--approve", "--reject"), 2, "Give --approve or --reject, not both.");
        CliTests.AssertOneLine(await Quarry("--approve"), 2, "Say which row: --row ROW_ID");
        CliTests.AssertOneLine(await Quarry("--row", row, "--approve", "--reason", "x"), 2, "--reason goes with --reject.");
        CliTests.AssertOneLine(await Quarry("--row", "7"), 2, "'7' is not a row id");
        CliTests.AssertOneLine(await Quarry("--approve-above", "1.5"), 2, "--approve-above takes a confidence from 0 to 1");
        CliTests.AssertOneLine(await QuarryProcess.RunAsync(_server.BaseUrl, key, "review", Guid.NewGuid().ToString(), "--row", row, "--approve"), 1,
            "quarry: 404 not_found:");
        Assert.Equal(RowStatus.Review, (await ClientRoundTripTests.ToListAsync(client.Results.ListAllAsync(job.Id))).Single().Status);
    }

    [Fact]
    public async Task Interactive_review_fed_through_stdin_shows_doubtful_cells_asks_again_after_a_refusal_and_records_every_answer()
    {
        var (key, client, job, rows) = await JobInReviewAsync(2);
        using var _ = client;
        var answers = "c total=lots\nc po_number=PO-9\na\nr Duplicate\n";

        var run = await QuarryProcess.RunWithInputAsync(_server.BaseUrl, key, answers, "review", job.Id.ToString(), "--interactive");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Row 1 of 2: inv-1.pdf", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("flags: missing_required_field:po_number", run.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"po_number\s+∅\s+(–|0\.00)\s+missing_required_field", run.Stdout);
        Assert.Contains("Approved.", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Row 2 of 2: inv-2.pdf", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Rejected.", run.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("Approved 1, rejected 1, corrected 1 field; 0 left for later.\n", run.Stdout, StringComparison.Ordinal);
        var refusal = Assert.Single(run.ErrorLines);
        Assert.StartsWith("quarry: 400 validation_error: values.total: Expected currency_amount", refusal, StringComparison.Ordinal);

        var now = await ClientRoundTripTests.ToListAsync(client.Results.ListAllAsync(job.Id));
        Assert.Equal((RowStatus.Approved, "PO-9"), (now[0].Status, now[0].Get<string>("po_number")));
        Assert.Equal(RowStatus.Rejected, now[1].Status);
        var last = (await ClientRoundTripTests.ToListAsync(client.Review.ListAllHistoryAsync(job.Id, rows[1].Id)))[^1];
        Assert.Equal((HistoryAction.Rejected, "Duplicate"), (last.Action, last.Reason));

        // Quitting, or the end of the input, leaves the rest for later.
        var (key2, client2, job2, _) = await JobInReviewAsync(2);
        using var __ = client2;
        var quit = await QuarryProcess.RunWithInputAsync(_server.BaseUrl, key2, "s\n", "review", job2.Id.ToString(), "-i");
        Assert.True(quit.ExitCode == 0, quit.ToString());
        Assert.EndsWith("Approved 0, rejected 0, corrected 0 fields; 2 left for later.\n", quit.Stdout, StringComparison.Ordinal);
    }
}
