using System.Text.RegularExpressions;

namespace Quarry.Client.Tests;

/// <summary><c>quarry</c>'s client commands as a user runs them: the real process against a real server on a socket.</summary>
public sealed partial class CliTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly KestrelServer _server = fixture.Server;

    [Fact]
    public async Task The_samples_walkthrough_works_as_written()
    {
        var repo = RepositoryRoot();
        var script = WalkthroughOf(await File.ReadAllTextAsync(Path.Combine(repo, "samples", "README.md")));
        var work = Directory.CreateTempSubdirectory("quarry-walkthrough-").FullName;
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(work, "samples"), Path.Combine(repo, "samples"));
            var run = await QuarryProcess.BashAsync(script, work, _server.BaseUrl, await _server.NewKeyAsync());
            Assert.True(run.ExitCode == 0, run.ToString());
            // What the samples hold shows up: one value of each kind of document.
            foreach (var expected in new[] { "INV-2024-0117", "NW-88213", "00412", "PO-4471", "DE89370400440532013000", "New York", "Corrected 1 field and approved" })
                Assert.Contains(expected, run.Stdout + run.Stderr, StringComparison.Ordinal);
            Assert.StartsWith("row_id,document_id,filename,status", await File.ReadAllTextAsync(Path.Combine(work, "invoices.csv")), StringComparison.Ordinal);
            Assert.Equal("PK"u8.ToArray(), (await File.ReadAllBytesAsync(Path.Combine(work, "invoices.xlsx")))[..2]);
            Assert.Contains("\"total_rows\": 2", await File.ReadAllTextAsync(Path.Combine(work, "invoices.json")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task A_bad_key_an_unknown_job_and_a_missing_file_each_give_one_line_and_their_exit_code()
    {
        var key = await _server.NewKeyAsync();
        var badKey = await QuarryProcess.RunAsync(_server.BaseUrl, "qk_wrong", "job", "list");
        AssertOneLine(badKey, 1, "quarry: 401 unauthorized: Invalid or revoked API key. Check $QUARRY_API_KEY or --api-key.");

        var unknownJob = await QuarryProcess.RunAsync(_server.BaseUrl, key, "job", "results", Guid.NewGuid().ToString());
        AssertOneLine(unknownJob, 1, "quarry: 404 not_found: No job with this id exists for your organization.");

        var missingFile = await QuarryProcess.RunAsync(_server.BaseUrl, key, "upload", "/nonexistent/invoice.pdf");
        AssertOneLine(missingFile, 2, "No file or folder at /nonexistent/invoice.pdf.");

        var missingSchema = await QuarryProcess.RunAsync(_server.BaseUrl, key, "job", "run", "--schema", "nope.json",
            Path.Combine(RepositoryRoot(), "samples", "documents", "ndas"));
        AssertOneLine(missingSchema, 2, "No schema file at nope.json.");

        var notAnId = await QuarryProcess.RunAsync(_server.BaseUrl, key, "job", "show", "42");
        AssertOneLine(notAnId, 2, "'42' is not a job id");

        var noKey = await QuarryProcess.RunAsync(_server.BaseUrl, null, "schema", "list");
        AssertOneLine(noKey, 2, "No API key: set QUARRY_API_KEY or pass --api-key.");

        var noServer = await QuarryProcess.RunAsync(new Uri("http://127.0.0.1:9/"), key, "schema", "list");
        AssertOneLine(noServer, 1, "quarry: cannot reach the server at http://127.0.0.1:9/");
    }

    [Fact]
    public async Task A_rate_limited_key_gives_one_line_and_exit_code_1()
    {
        // A bucket of one request, refilled every 100 s: the second request's Retry-After is beyond the client's cap, so it is not retried.
        await using var tiny = await KestrelServer.StartAsync(new Dictionary<string, string?>
        {
            ["Quarry:RateLimit:Burst"] = "1",
            ["Quarry:RateLimit:PermitsPerSecond"] = "0.01",
        });
        var key = await tiny.NewKeyAsync();
        var first = await QuarryProcess.RunAsync(tiny.BaseUrl, key, "schema", "list");
        Assert.True(first.ExitCode == 0, first.ToString());
        var limited = await QuarryProcess.RunAsync(tiny.BaseUrl, key, "schema", "list");
        AssertOneLine(limited, 1, "quarry: 429 rate_limited: Rate limit exceeded. Retry after ");
        Assert.Contains("second(s). This key's rate limit is reached; try again later. [request req_", limited.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_client_command_has_help_with_examples_and_scripts_get_json_and_ids()
    {
        string[][] commands = [["upload"], ["schema"], ["schema", "create"], ["schema", "list"], ["schema", "show"], ["job"], ["job", "run"],
            ["job", "list"], ["job", "show"], ["job", "cancel"], ["job", "results"], ["review"], ["webhook"], ["webhook", "create"], ["webhook", "list"],
            ["webhook", "delete"], ["webhook", "deliveries"], ["webhook", "redeliver"], ["registry"], ["registry", "fields"], ["registry", "delete"]];
        foreach (var help in await Task.WhenAll(commands.Select(c => QuarryProcess.RunAsync(_server.BaseUrl, null, [.. c, "--help"]))))
        {
            Assert.True(help.ExitCode == 0, help.ToString());
            Assert.Matches("Examples?:", help.Stdout);
            Assert.Contains("--server", help.Stdout, StringComparison.Ordinal);
        }
        var review = await QuarryProcess.RunAsync(_server.BaseUrl, null, "review", "--help");
        Assert.Contains("--approve-above", review.Stdout, StringComparison.Ordinal);

        var key = await _server.NewKeyAsync();
        var schemaFile = Path.Combine(RepositoryRoot(), "samples", "schemas", "receipt.json");
        var id = await QuarryProcess.RunAsync(_server.BaseUrl, key, "schema", "create", schemaFile, "-q");
        Assert.True(id.ExitCode == 0, id.ToString());
        Assert.Matches(UuidLine(), id.Stdout);
        var list = await QuarryProcess.RunAsync(_server.BaseUrl, key, "schema", "list", "--json");
        Assert.Contains($"\"id\": \"{id.Stdout.Trim()}\"", list.Stdout, StringComparison.Ordinal);
        Assert.Equal("", list.Stderr);
        var badFormat = await QuarryProcess.RunAsync(_server.BaseUrl, key, "job", "results", Guid.NewGuid().ToString(), "--format", "pdf");
        Assert.Equal(2, badFormat.ExitCode);
        var badThreshold = await QuarryProcess.RunAsync(_server.BaseUrl, key, "job", "run", "--schema", id.Stdout.Trim(), "--review-threshold", "1.5");
        Assert.Equal(2, badThreshold.ExitCode);
        Assert.Contains("--review-threshold must be above 0 and at most 1.", badThreshold.Stderr, StringComparison.Ordinal);
    }

    internal static void AssertOneLine(CliResult result, int exitCode, string startsWith)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith(startsWith, line, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    /// <summary>The bash blocks between the walkthrough markers of samples/README.md.</summary>
    private static string WalkthroughOf(string readme)
    {
        var start = readme.IndexOf("<!-- walkthrough", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- /walkthrough -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "samples/README.md marks its walkthrough with <!-- walkthrough --> … <!-- /walkthrough -->");
        var blocks = BashBlock().Matches(readme[start..end]).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(blocks);
        return string.Join("\n", blocks);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Quarry.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("The tests run from inside the repository.");
    }

    [GeneratedRegex("```bash\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\n$")]
    private static partial Regex UuidLine();
}
