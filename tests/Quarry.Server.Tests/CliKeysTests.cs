using System.Net;
using System.Net.Http.Headers;
using Quarry.Testing;

namespace Quarry.Server.Tests;

/// <summary><c>quarry keys</c> run as a real process against the run's database, and the server honouring what it did.</summary>
public sealed class CliKeysTests : DatabaseTest
{
    [Fact]
    public async Task A_key_created_by_the_cli_works_until_the_cli_revokes_it()
    {
        await using var host = new QuarryHost(Db);
        var anonymous = host.CreateClient();

        var create = await RunAsync("keys", "create", "--org", "cli-org", "--name", "ci");
        Assert.Equal(0, create.ExitCode);
        var key = create.Stdout.TrimEnd().Split('\n')[^1].Trim();
        Assert.StartsWith("qk_", key, StringComparison.Ordinal);

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/v1/jobs")).StatusCode);

        var list = await RunAsync("keys", "list", "--org", "cli-org");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(key[..9], list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list.Stdout, StringComparison.Ordinal);
        var id = list.Stdout.Split('\n').Single(l => l.Contains(key[..9], StringComparison.Ordinal)).Split(' ')[0];

        var revoke = await RunAsync("keys", "revoke", id);
        Assert.Equal(0, revoke.ExitCode);
        await (await anonymous.GetAsync("/v1/jobs")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(1, (await RunAsync("keys", "revoke", id)).ExitCode);
    }

    [Fact]
    public async Task Usage_mistakes_exit_with_2()
    {
        Assert.Equal(2, (await RunAsync("keys", "create")).ExitCode);
        Assert.Equal(2, (await RunAsync("keys", "create", "--org", "x", "--provider", "oracle")).ExitCode);
    }

    private Task<CliResult> RunAsync(params string[] args) => CliProcess.RunAsync(Db, args);
}
