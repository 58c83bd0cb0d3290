using System.Net;
using System.Text;
using Quarry.Testing;

namespace Quarry.Server.Tests;

/// <summary>Bad input gets a precise 400 (or 413/415) with errors, and nothing is stored.</summary>
public sealed class BadInputTests : HostedTest
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Quarry:Limits:MaxFileBytes"] = "2048" };

    [Theory]
    [InlineData("/v1/schemas", "not json at all", "body")]
    [InlineData("/v1/schemas", "{\"name\": \"x\", \"fields\": [", "body")]
    [InlineData("/v1/schemas", "[1, 2, 3]", "body")]
    [InlineData("/v1/schemas", "", "body")]
    [InlineData("/v1/schemas", "{\"name\": \"x\", \"fields\": [{\"name\": \"total\", \"type\": \"money\"}]}", "fields[0].type")]
    [InlineData("/v1/schemas", "{\"name\": \"x\", \"fields\": {\"total\": \"decimalish\"}}", "fields.total")]
    [InlineData("/v1/schemas", "{\"name\": \"x\", \"fields\": []}", "fields")]
    [InlineData("/v1/schemas", "{\"name\": \"x\", \"fields\": {}}", "fields")]
    [InlineData("/v1/schemas", "{\"name\": \"x\"}", "fields")]
    [InlineData("/v1/schemas", "{\"fields\": {\"a\": \"string\"}}", "name")]
    [InlineData("/v1/schemas", "{\"name\": \"x\", \"fields\": {\"a\": \"string\"}, \"colour\": \"red\"}", "colour")]
    [InlineData("/v1/schemas", "{\"name\": \"x\", \"fields\": [{\"name\": \"a\", \"type\": \"string\", \"pattern\": \"([\"}]}", "fields[0].pattern")]
    [InlineData("/v1/schemas", "{\"name\": \"x\", \"fields\": [{\"name\": \"a b\", \"type\": \"string\"}]}", "fields[0].name")]
    [InlineData("/v1/schemas", "{\"name\": \"x\", \"json_schema\": {\"type\": \"object\", \"properties\": {}}}", "fields")]
    [InlineData("/v1/jobs", "not json", "body")]
    [InlineData("/v1/jobs", "{}", "schema_id")]
    [InlineData("/v1/jobs", "{\"schema_id\": \"nope\"}", "schema_id")]
    [InlineData("/v1/jobs", "{\"schema_id\": \"6e1c9e57-9cc1-4f75-9abf-d3a8a3a6b5a7\", \"document_ids\": []}", "document_ids")]
    [InlineData("/v1/jobs", "{\"schema_id\": \"6e1c9e57-9cc1-4f75-9abf-d3a8a3a6b5a7\", \"document_ids\": [\"x\"]}", "document_ids[0]")]
    [InlineData("/v1/jobs", "{\"schema_id\": \"6e1c9e57-9cc1-4f75-9abf-d3a8a3a6b5a7\", \"priority\": 1}", "priority")]
    public async Task Bad_bodies_are_400_with_errors_and_store_nothing(string url, string body, string errorPath)
    {
        var res = await Tenant.Client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.True(problem["errors"]?[errorPath] is not null, $"errors lacks '{errorPath}': {problem.ToJsonString()}");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_body_sent_as_text_is_still_read_as_json_or_refused_with_400()
    {
        var res = await Tenant.Client.PostAsync("/v1/schemas", new StringContent("<xml/>", Encoding.UTF8, "text/plain"));
        await res.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_upload_with_no_file_is_400()
    {
        using var form = new MultipartFormDataContent { { new StringContent("{}"), "metadata" } };
        var res = await Tenant.Client.PostAsync("/v1/documents", form);
        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.NotNull(problem["errors"]!["file"]);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_empty_file_is_400_and_its_good_neighbour_is_not_stored_either()
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent("hello"u8.ToArray()), "file", "good.txt" },
            { new ByteArrayContent([]), "file", "empty.txt" },
        };
        var res = await Tenant.Client.PostAsync("/v1/documents", form);
        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.Contains("empty.txt", problem["errors"]!["file[1]"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await AssertNothingStoredAsync();
        var tmp = $"{Path.DirectorySeparatorChar}tmp{Path.DirectorySeparatorChar}";
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(Db.DataDir, "blobs"), "*", SearchOption.AllDirectories),
            f => !f.Contains(tmp, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_metadata_and_unknown_parts_are_400()
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent("hello"u8.ToArray()), "file", "a.txt" },
            { new StringContent("[1,2]"), "metadata" },
            { new StringContent("x"), "surprise" },
        };
        var problem = await (await Tenant.Client.PostAsync("/v1/documents", form)).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.NotNull(problem["errors"]!["metadata"]);
        Assert.NotNull(problem["errors"]!["surprise"]);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_413_and_nothing_is_stored()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[4096]), "file", "big.bin" } };
        await (await Tenant.Client.PostAsync("/v1/documents", form)).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_upload_that_is_not_multipart_is_415()
    {
        var res = await Tenant.Client.PostAsync("/v1/documents", new StringContent("hello", Encoding.UTF8, "text/plain"));
        await res.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("/v1/documents?limit=0", "limit")]
    [InlineData("/v1/documents?limit=201", "limit")]
    [InlineData("/v1/documents?limit=abc", "limit")]
    [InlineData("/v1/documents?status=lost", "status")]
    [InlineData("/v1/documents?created_after=yesterday", "created_after")]
    [InlineData("/v1/jobs?status=paused", "status")]
    [InlineData("/v1/schemas?limit=-1", "limit")]
    [InlineData("/v1/documents?cursor=%25%25garbage", "cursor")]
    [InlineData("/v1/jobs?cursor=b3wxMg", "cursor")]
    public async Task Bad_query_parameters_are_400(string url, string errorPath)
    {
        var problem = await (await Tenant.Client.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.NotNull(problem["errors"]![errorPath]);
    }

    private async Task AssertNothingStoredAsync()
    {
        foreach (var list in new[] { "/v1/documents", "/v1/schemas", "/v1/jobs" })
            Assert.Equal(0, (await Tenant.Client.GetJsonAsync(list))["pagination"]!["total"]!.GetValue<int>());
    }
}
