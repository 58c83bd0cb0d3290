using System.Net;

namespace Quarry.Server.Tests;

/// <summary>The dashboard's files at <c>/</c>: public, under a strict Content-Security-Policy; <c>/v1</c> is unchanged.</summary>
public sealed class DashboardHostingTests : HostedTest
{
    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/js/app.js", "text/javascript")]
    [InlineData("/js/grid.js", "text/javascript")]
    [InlineData("/css/app.css", "text/css")]
    public async Task The_dashboard_is_served_without_a_key_under_a_policy_that_allows_no_inline_script(string path, string mediaType)
    {
        using var anonymous = Host.CreateClient();
        var res = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal(mediaType, res.Content.Headers.ContentType!.MediaType);
        var csp = res.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", res.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task The_page_has_no_inline_script_and_loads_nothing_from_elsewhere()
    {
        using var anonymous = Host.CreateClient();
        var html = await anonymous.GetStringAsync("/");
        Assert.Contains("<script type=\"module\" src=\"/js/app.js\"></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_still_needs_a_key_and_unknown_paths_are_problem_json()
    {
        using var anonymous = Host.CreateClient();
        await (await anonymous.GetAsync("/v1/documents")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await anonymous.GetAsync("/no/such/page")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await anonymous.GetAsync("/js/missing.js")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Tenant.Client.GetAsync("/v1/nothing")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
