using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Data.Stores;

namespace Quarry.Server.Tests;

/// <summary>Idempotency-Key on POST, per the contract, on the run's database (the suite runs it on SQLite and PostgreSQL).</summary>
public sealed class IdempotencyTests : HostedTest
{
    private const string SchemaBody = """{"name": "Idem", "fields": {"total": "number"}}""";

    private static HttpRequestMessage Post(string url, HttpContent content, string key)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        req.Headers.Add("Idempotency-Key", key);
        return req;
    }

    private Task<HttpResponseMessage> PostSchemaAsync(string key, string body = SchemaBody, HttpClient? client = null) =>
        (client ?? Tenant.Client).SendAsync(Post("/v1/schemas", Api.Json(body), key));

    private static bool Replayed(HttpResponseMessage res) =>
        res.Headers.TryGetValues("Idempotent-Replayed", out var v) && v.Single() == "true";

    private async Task<int> SchemaCountAsync(HttpClient? client = null) =>
        (await (client ?? Tenant.Client).GetJsonAsync("/v1/schemas"))["pagination"]!["total"]!.GetValue<int>();

    [Fact]
    public async Task A_repeat_with_the_same_key_and_body_gets_the_first_answer_and_does_nothing()
    {
        var key = Guid.NewGuid().ToString();
        var first = await PostSchemaAsync(key);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(Replayed(first));

        var again = await PostSchemaAsync(key);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.True(Replayed(again));
        Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal("application/json", again.Content.Headers.ContentType!.MediaType);
        Assert.NotEqual(first.Headers.GetValues("X-Request-Id").Single(), again.Headers.GetValues("X-Request-Id").Single());
        Assert.Equal(1, await SchemaCountAsync());

        // Without the header, the same body is a new request.
        await (await Tenant.Client.PostJsonAsync("/v1/schemas", SchemaBody)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(2, await SchemaCountAsync());
    }

    [Fact]
    public async Task The_same_key_with_another_body_or_path_is_a_conflict()
    {
        var key = "key-" + Guid.NewGuid();
        var schema = await (await PostSchemaAsync(key)).ExpectAsync(HttpStatusCode.Created);

        var problem = await (await PostSchemaAsync(key, """{"name": "Other", "fields": {"total": "number"}}""")).ExpectProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Contains("different request", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var job = Post("/v1/jobs", Api.Json($$"""{"schema_id": "{{schema.Id()}}"}"""), key);
        await (await Tenant.Client.SendAsync(job)).ExpectProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Equal(1, await SchemaCountAsync());
    }

    [Fact]
    public async Task A_failed_request_releases_its_key_for_a_corrected_retry()
    {
        var key = Guid.NewGuid().ToString();
        await (await PostSchemaAsync(key, """{"name": "Bad", "fields": {"total": "no_such_type"}}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        var fixedUp = await PostSchemaAsync(key);
        Assert.Equal(HttpStatusCode.Created, fixedUp.StatusCode);
        Assert.False(Replayed(fixedUp));
        Assert.True(Replayed(await PostSchemaAsync(key)));
    }

    [Fact]
    public async Task A_multipart_upload_sent_again_with_a_new_boundary_is_replayed_once_stored()
    {
        static MultipartFormDataContent Form(string text)
        {
            var form = new MultipartFormDataContent(); // a new random boundary every time, as real clients do
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(text)), "file", "a.txt");
            return form;
        }
        var key = Guid.NewGuid().ToString();
        var first = await (await Tenant.Client.SendAsync(Post("/v1/documents", Form("Total: 12.00"), key))).ExpectAsync(HttpStatusCode.Created);
        var again = await Tenant.Client.SendAsync(Post("/v1/documents", Form("Total: 12.00"), key));
        Assert.True(Replayed(again));
        Assert.Equal(first["data"]![0]!.Id(), (await again.ExpectAsync(HttpStatusCode.Created))["data"]![0]!.Id());
        await (await Tenant.Client.SendAsync(Post("/v1/documents", Form("Total: 13.00"), key))).ExpectProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Equal(1, (await Tenant.Client.GetJsonAsync("/v1/documents"))["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Concurrent_duplicates_run_once()
    {
        var key = Guid.NewGuid().ToString();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostSchemaAsync(key)));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, a.StatusCode.ToString()));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created && !Replayed(a));
        var ids = new HashSet<string>();
        foreach (var a in answers.Where(a => a.StatusCode == HttpStatusCode.Created))
            ids.Add((await a.ExpectAsync(HttpStatusCode.Created)).Id());
        Assert.Single(ids);
        Assert.Equal(1, await SchemaCountAsync());
    }

    [Fact]
    public async Task A_duplicate_of_a_request_still_running_elsewhere_is_a_conflict_with_retry_after()
    {
        // Another process took the key and is running the request: its hold is in the database.
        var key = Guid.NewGuid().ToString();
        var keys = Host.Services.GetRequiredService<IdempotencyStore>();
        Assert.Equal(IdempotencyOutcome.Began, (await keys.TryBeginAsync(Tenant.OrganizationId, key, "other-process", TimeSpan.FromMinutes(1), TimeSpan.FromHours(24), default)).Outcome);

        var duplicate = await PostSchemaAsync(key);
        var problem = await duplicate.ExpectProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Contains("still running", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1), duplicate.Headers.RetryAfter!.Delta);
        Assert.Equal(0, await SchemaCountAsync());

        // It failed and let go of the key: the retry runs.
        await keys.ReleaseAsync(Tenant.OrganizationId, key, "other-process", default);
        var retry = await PostSchemaAsync(key);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(Replayed(retry));
    }

    [Fact]
    public async Task Keys_belong_to_an_organization()
    {
        var key = Guid.NewGuid().ToString();
        await (await PostSchemaAsync(key)).ExpectAsync(HttpStatusCode.Created);
        var other = await Host.NewTenantAsync();
        var theirs = await PostSchemaAsync(key, client: other.Client);
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.False(Replayed(theirs));
        Assert.Equal(1, await SchemaCountAsync(other.Client));
    }

    [Fact]
    public async Task A_repeated_cancel_answers_as_the_first_did_instead_of_409()
    {
        var schema = await Tenant.Client.CreateInvoiceSchemaAsync();
        var job = await Host.Services.GetRequiredService<JobStore>().CreateAsync(Tenant.OrganizationId, Guid.Parse(schema.Id()), 1, 4, null, [], 0.8, default);
        var key = Guid.NewGuid().ToString();
        var first = await (await Tenant.Client.SendAsync(Post($"/v1/jobs/{job.Id}/cancel", new StringContent(""), key))).ExpectAsync(HttpStatusCode.OK);
        var again = await Tenant.Client.SendAsync(Post($"/v1/jobs/{job.Id}/cancel", new StringContent(""), key));
        Assert.True(Replayed(again));
        Assert.True(JsonNode.DeepEquals(first, await again.ExpectAsync(HttpStatusCode.OK)));
        await (await Tenant.Client.PostAsync($"/v1/jobs/{job.Id}/cancel", null)).ExpectProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task A_malformed_key_is_a_validation_problem()
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/v1/schemas") { Content = Api.Json(SchemaBody) };
        req.Headers.TryAddWithoutValidation("Idempotency-Key", "caf\u00e9");
        var problem = await (await Tenant.Client.SendAsync(req)).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.NotNull(problem["errors"]!["Idempotency-Key"]);
        var tooLong = await PostSchemaAsync(new string('k', 256));
        await tooLong.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.Equal(0, await SchemaCountAsync());
    }
}
