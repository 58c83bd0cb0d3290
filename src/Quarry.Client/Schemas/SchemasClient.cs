using System.Text.Json.Nodes;

namespace Quarry.Client;

/// <summary><c>/v1/schemas</c>: the columns of a grid, versioned.</summary>
public sealed class SchemasClient
{
    private readonly QuarryHttp _http;

    internal SchemasClient(QuarryHttp http) => _http = http;

    public Task<Schema> CreateAsync(NewSchema schema, string? idempotencyKey = null, CancellationToken ct = default) =>
        _http.SendJsonAsync<Schema>(HttpMethod.Post, "v1/schemas", schema, idempotencyKey, ct);

    /// <summary>
    /// Creates a schema from a body in any form the API takes: <c>{"name", "fields": [...]}</c>, <c>{"name", "fields":
    /// {"total": "number"}}</c>, <c>{"name", "json_schema": {...}}</c> or a bare JSON Schema with a <c>title</c>.
    /// </summary>
    public Task<Schema> CreateAsync(JsonObject body, string? idempotencyKey = null, CancellationToken ct = default) =>
        _http.SendJsonAsync<Schema>(HttpMethod.Post, "v1/schemas", body, idempotencyKey, ct);

    public Task<Page<Schema>> ListAsync(PageRequest? page = null, CancellationToken ct = default) =>
        _http.GetAsync<Page<Schema>>(new Query("v1/schemas").Add("limit", page?.Limit).Add("cursor", page?.Cursor).ToString(), ct);

    public IAsyncEnumerable<Schema> ListAllAsync(CancellationToken ct = default) =>
        Pager.AllAsync((cursor, token) => ListAsync(new PageRequest(Pager.MaxLimit, cursor), token), ct);

    /// <summary>The latest version, or version <paramref name="version"/> (1 is the first).</summary>
    public Task<Schema> GetAsync(Guid id, int? version = null, CancellationToken ct = default) =>
        _http.GetAsync<Schema>(new Query($"v1/schemas/{Query.Id(id)}").Add("version", version).ToString(), ct);

    /// <summary>Every version from the first to the latest, oldest first.</summary>
    public async Task<IReadOnlyList<Schema>> GetVersionsAsync(Guid id, CancellationToken ct = default)
    {
        var latest = await GetAsync(id, null, ct);
        var versions = new List<Schema>(latest.Version);
        for (var v = 1; v < latest.Version; v++)
            versions.Add(await GetAsync(id, v, ct));
        versions.Add(latest);
        return versions;
    }

    /// <summary>Replaces the fields: the answer is the new version. Running and finished jobs keep theirs.</summary>
    public Task<Schema> UpdateAsync(Guid id, NewSchema schema, CancellationToken ct = default) =>
        _http.SendJsonAsync<Schema>(HttpMethod.Put, $"v1/schemas/{Query.Id(id)}", schema, null, ct);

    public Task<Schema> UpdateAsync(Guid id, JsonObject body, CancellationToken ct = default) =>
        _http.SendJsonAsync<Schema>(HttpMethod.Put, $"v1/schemas/{Query.Id(id)}", body, null, ct);

    /// <summary>Hides the schema; jobs that used it keep working on their version.</summary>
    public Task DeleteAsync(Guid id, CancellationToken ct = default) => _http.DeleteAsync($"v1/schemas/{Query.Id(id)}", ct);
}
