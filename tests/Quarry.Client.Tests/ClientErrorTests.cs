using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Quarry.Client.Tests;

/// <summary>Error answers as typed exceptions, cancellation, and the ways to construct a client.</summary>
public sealed class ClientErrorTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly KestrelServer _server = fixture.Server;

    [Fact]
    public async Task A_bad_key_is_an_unauthorized_exception_with_the_problem()
    {
        using var client = new QuarryClient(_server.BaseUrl.AbsoluteUri, "qk_not_a_real_key");
        var e = await Assert.ThrowsAsync<QuarryUnauthorizedException>(() => client.Jobs.ListAsync());
        Assert.Equal(401, e.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal("unauthorized", e.Code);
        Assert.Equal("urn:quarry:error:unauthorized", e.Type);
        Assert.Equal("Invalid or revoked API key.", e.Detail);
        Assert.StartsWith("req_", e.RequestId, StringComparison.Ordinal);
        Assert.StartsWith("401 unauthorized: Invalid or revoked API key.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_resource_is_not_found_and_a_bad_request_is_a_validation_exception_with_its_errors()
    {
        using var client = await _server.NewClientAsync();
        var missing = await Assert.ThrowsAsync<QuarryNotFoundException>(() => client.Jobs.GetAsync(Guid.NewGuid()));
        Assert.Equal("not_found", missing.Code);
        await Assert.ThrowsAsync<QuarryNotFoundException>(() => client.Results.GetAsync(Guid.NewGuid()));

        var invalid = await Assert.ThrowsAsync<QuarryValidationException>(() =>
            client.Schemas.CreateAsync(new NewSchema("Bad", [new SchemaField("total", "money")])));
        Assert.Equal(400, invalid.Status);
        Assert.Equal("validation_error", invalid.Code);
        Assert.Contains("Unknown type 'money'", Assert.Single(invalid.Errors["fields[0].type"]), StringComparison.Ordinal);

        var unknownProperty = await Assert.ThrowsAsync<QuarryValidationException>(() =>
            client.Schemas.CreateAsync(JsonNode.Parse("""{"name": "X", "fields": {"a": "string"}, "colour": "red"}""")!.AsObject()));
        Assert.True(unknownProperty.Errors.ContainsKey("colour"));
        var cursor = await Assert.ThrowsAsync<QuarryValidationException>(() => client.Documents.ListAsync(new DocumentListRequest(Cursor: "bogus")));
        Assert.True(cursor.Errors.ContainsKey("cursor"));
        var job = await Assert.ThrowsAsync<QuarryValidationException>(() => client.Jobs.CreateAsync(new NewJob(Guid.NewGuid())));
        Assert.True(job.Errors.ContainsKey("schema_id"));
    }

    [Fact]
    public async Task A_cancelled_token_stops_calls_lists_and_waits()
    {
        using var client = await _server.NewClientAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Schemas.ListAsync(ct: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.Documents.ListAllAsync(ct: cancelled.Token)) { }
        });

        // Cancelled between two pages of an await foreach: the next page is never fetched.
        var (_, _, job) = await Invoices.FinishedJobAsync(client, 3);
        using var midway = new CancellationTokenSource();
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.Results.ListAllAsync(job.Id, pageSize: 1, ct: midway.Token))
            {
                seen++;
                await midway.CancelAsync();
            }
        });
        Assert.Equal(1, seen);
    }

    [Fact]
    public async Task Works_as_a_typed_client_of_IHttpClientFactory_with_or_without_registered_options()
    {
        var key = await _server.NewKeyAsync();
        var services = new ServiceCollection();
        services.AddHttpClient<QuarryClient>(http =>
        {
            http.BaseAddress = _server.BaseUrl;
            http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        });
        await using (var provider = services.BuildServiceProvider())
        {
            var client = provider.GetRequiredService<QuarryClient>();
            var created = await client.Schemas.CreateAsync(Invoices.Schema("Factory"));
            Assert.Equal("Factory", (await client.Schemas.GetAsync(created.Id)).Name);
        }

        var withOptions = new ServiceCollection();
        withOptions.AddSingleton(new QuarryClientOptions { BaseUrl = _server.BaseUrl, ApiKey = key });
        withOptions.AddHttpClient<QuarryClient>();
        await using (var provider = withOptions.BuildServiceProvider())
            Assert.Equal(1, (await provider.GetRequiredService<QuarryClient>().Schemas.ListAsync()).Pagination.Total);
    }

    [Fact]
    public void A_client_needs_an_absolute_server_address()
    {
        Assert.Throws<ArgumentException>(() => new QuarryClient(new HttpClient()));
        Assert.Throws<ArgumentException>(() => new QuarryClient("localhost:5080", "qk_x"));
        using var prefixed = new QuarryClient(new HttpClient(), new QuarryClientOptions { BaseUrl = new Uri("https://example.test/quarry") });
        Assert.Equal("https://example.test/quarry/", prefixed.BaseUrl.AbsoluteUri);
    }
}
