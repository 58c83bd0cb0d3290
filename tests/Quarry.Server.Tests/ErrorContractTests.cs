using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Data.Stores;
using Quarry.Testing;

namespace Quarry.Server.Tests;

/// <summary>The seed's error table on every endpoint that can raise it, and tenant isolation everywhere.</summary>
public sealed class ErrorContractTests : IAsyncLifetime
{
    private TestDatabase Db = null!;
    private QuarryHost Host = null!;
    private Tenant A = null!;
    private Tenant B { get; set; } = null!;
    private JsonNode _schema = null!;
    private JsonNode _doc = null!;
    private JsonNode _job = null!;

    /// <summary>Every endpoint addressed by id, with {id} standing for the resource's id.</summary>
    public static TheoryData<string, string, string> IdEndpoints => new()
    {
        { "GET", "/v1/documents/{doc}", "document" },
        { "GET", "/v1/documents/{doc}/content", "document" },
        { "GET", "/v1/documents/{doc}/file", "document" },
        { "DELETE", "/v1/documents/{doc}", "document" },
        { "GET", "/v1/schemas/{schema}", "schema" },
        { "PUT", "/v1/schemas/{schema}", "schema" },
        { "DELETE", "/v1/schemas/{schema}", "schema" },
        { "GET", "/v1/jobs/{job}", "job" },
        { "POST", "/v1/jobs/{job}/cancel", "job" },
        { "GET", "/v1/jobs/{job}/results", "job" },
    };

    /// <summary>Every endpoint at all, for authentication.</summary>
    public static TheoryData<string, string> AllEndpoints
    {
        get
        {
            var data = new TheoryData<string, string>
            {
                { "GET", "/v1/documents" }, { "POST", "/v1/documents" },
                { "GET", "/v1/schemas" }, { "POST", "/v1/schemas" },
                { "GET", "/v1/jobs" }, { "POST", "/v1/jobs" },
            };
            foreach (var row in IdEndpoints)
                data.Add((string)row[0], (string)row[1]);
            return data;
        }
    }

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync();
        Host = new QuarryHost(Db);
        A = await Host.NewTenantAsync();
        B = await Host.NewTenantAsync();
        _schema = await A.Client.CreateInvoiceSchemaAsync();
        _doc = (await A.Client.UploadAsync(("a.pdf", TestInvoices.October())))[0]!;
        _job = await A.Client.CreateJobAsync(_schema.Id(), [_doc.Id()]);
        await A.Client.WaitForJobAsync(_job.Id());
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Db.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(IdEndpoints))]
    public async Task A_path_id_that_is_not_a_uuid_is_400_validation_error(string method, string template, string _)
    {
        var url = template.Replace("{doc}", "not-a-uuid").Replace("{schema}", "123").Replace("{job}", "a1b2c3d4");
        var res = await A.Client.SendAsync(Api.Request(new HttpMethod(method), url, method is "PUT" ? Api.Json("{}") : null));
        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.NotNull(problem["errors"]!["id"]);
    }

    [Theory]
    [MemberData(nameof(IdEndpoints))]
    public async Task Another_organizations_resource_is_404_like_a_missing_one(string method, string template, string kind)
    {
        var content = method is "PUT" ? Api.Json("""{"name": "x", "fields": {"a": "string"}}""") : null;
        var theirs = await B.Client.SendAsync(Api.Request(new HttpMethod(method), Fill(template), content));
        var theirsProblem = await theirs.ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");

        var missing = await B.Client.SendAsync(Api.Request(new HttpMethod(method), template.Replace("{doc}", Guid.NewGuid().ToString())
            .Replace("{schema}", Guid.NewGuid().ToString()).Replace("{job}", Guid.NewGuid().ToString()), method is "PUT" ? Api.Json("""{"name": "x", "fields": {"a": "string"}}""") : null));
        var missingProblem = await missing.ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(missingProblem["detail"]!.GetValue<string>(), theirsProblem["detail"]!.GetValue<string>());
        Assert.Contains(kind, theirsProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // And nothing of A's changed.
        Assert.Equal("complete", (await A.Client.GetJsonAsync($"/v1/jobs/{_job.Id()}"))["status"]!.GetValue<string>());
        await A.Client.GetJsonAsync($"/v1/documents/{_doc.Id()}");
        await A.Client.GetJsonAsync($"/v1/schemas/{_schema.Id()}");
    }

    [Fact]
    public async Task Lists_show_only_the_callers_own_resources()
    {
        foreach (var list in new[] { "/v1/documents", "/v1/schemas", "/v1/jobs" })
        {
            var mine = await A.Client.GetJsonAsync(list);
            Assert.Equal(1, mine["pagination"]!["total"]!.GetValue<int>());
            var theirs = await B.Client.GetJsonAsync(list);
            Assert.Empty(theirs["data"]!.AsArray());
            Assert.Equal(0, theirs["pagination"]!["total"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task A_job_over_another_organizations_schema_or_documents_is_400_and_creates_nothing()
    {
        var bSchema = await B.Client.CreateInvoiceSchemaAsync();
        var overDocs = await B.Client.PostJsonAsync("/v1/jobs", $$"""{"schema_id": "{{bSchema.Id()}}", "document_ids": ["{{_doc.Id()}}"]}""");
        var p1 = await overDocs.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.NotNull(p1["errors"]!["document_ids[0]"]);

        var overSchema = await B.Client.PostJsonAsync("/v1/jobs", $$"""{"schema_id": "{{_schema.Id()}}"}""");
        var p2 = await overSchema.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.NotNull(p2["errors"]!["schema_id"]);

        Assert.Equal(0, (await B.Client.GetJsonAsync("/v1/jobs"))["pagination"]!["total"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task Missing_malformed_unknown_and_revoked_keys_are_401(string method, string template)
    {
        var url = Fill(template);
        var revoked = await Host.Services.GetRequiredService<ApiKeyStore>().CreateAsync(A.OrganizationId, "to revoke", default);
        Assert.True(await Host.Services.GetRequiredService<ApiKeyStore>().RevokeAsync(revoked.Record.Id.ToString(), default));
        var anonymous = Host.CreateClient();

        foreach (var auth in new AuthenticationHeaderValue?[]
                 {
                     null,
                     new("Bearer", "qk_" + new string('x', 43)),
                     new("Bearer", "not-a-key"),
                     new("Basic", "dXNlcjpwYXNz"),
                     new("Bearer", revoked.Key),
                 })
        {
            var req = Api.Request(new HttpMethod(method), url, method is "POST" or "PUT" ? Api.Json("{}") : null);
            req.Headers.Authorization = auth;
            var res = await anonymous.SendAsync(req);
            await res.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }
    }

    [Fact]
    public async Task Responses_carry_a_request_id_and_rate_limit_headers()
    {
        var res = await A.Client.GetAsync("/v1/jobs");
        Assert.StartsWith("req_", res.Headers.GetValues("X-Request-Id").Single(), StringComparison.Ordinal);
        Assert.Equal("100", res.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.True(int.Parse(res.Headers.GetValues("X-RateLimit-Remaining").Single(), System.Globalization.CultureInfo.InvariantCulture) < 100);
        var reset = long.Parse(res.Headers.GetValues("X-RateLimit-Reset").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(reset, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 120);

        var unknown = await A.Client.GetAsync("/v1/nothing-here");
        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    private string Fill(string template) =>
        template.Replace("{doc}", _doc.Id()).Replace("{schema}", _schema.Id()).Replace("{job}", _job.Id());
}

/// <summary>A burst over the per-key limit gets 429 with Retry-After; another key is unaffected.</summary>
public sealed class RateLimitTests : DatabaseTest
{
    [Fact]
    public async Task A_burst_over_the_limit_gets_429_with_retry_after()
    {
        await using var host = new QuarryHost(Db, new Dictionary<string, string?>
        {
            ["Quarry:RateLimit:Burst"] = "3",
            ["Quarry:RateLimit:PermitsPerSecond"] = "0.2",
        });
        var t = await host.NewTenantAsync();
        var other = await host.NewTenantAsync();
        for (var i = 0; i < 3; i++)
            (await t.Client.GetAsync("/v1/jobs")).EnsureSuccessStatusCode();

        var limited = await t.Client.GetAsync($"/v1/jobs/{Guid.NewGuid()}/results");
        await limited.ExpectProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.InRange(retryAfter, 1, 5);
        Assert.Equal("3", limited.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("0", limited.Headers.GetValues("X-RateLimit-Remaining").Single());

        (await other.Client.GetAsync("/v1/jobs")).EnsureSuccessStatusCode();
    }
}
