namespace Quarry.Client;

/// <summary><c>/v1/registry</c>: the Field Registry — what approved rows taught, teaching it from labelled documents, forgetting it.</summary>
public sealed class RegistryClient
{
    private readonly QuarryHttp _http;

    internal RegistryClient(QuarryHttp http) => _http = http;

    public Task<Page<RegistryRule>> ListFieldsAsync(RegistryListRequest? request = null, CancellationToken ct = default) =>
        _http.GetAsync<Page<RegistryRule>>(new Query("v1/registry/fields").Add("schema", request?.Schema).Add("field", request?.Field)
            .Add("layout", request?.Layout).Add("limit", request?.Limit).Add("cursor", request?.Cursor).ToString(), ct);

    /// <summary>Every rule that matches, a page at a time.</summary>
    public IAsyncEnumerable<RegistryRule> ListAllFieldsAsync(RegistryListRequest? request = null, CancellationToken ct = default)
    {
        request ??= new RegistryListRequest();
        return Pager.AllAsync((cursor, token) => ListFieldsAsync(request with { Cursor = cursor, Limit = request.Limit ?? Pager.MaxLimit }, token), ct);
    }

    /// <summary>Forgets one rule.</summary>
    public Task DeleteRuleAsync(Guid ruleId, CancellationToken ct = default) => _http.DeleteAsync($"v1/registry/fields/{Query.Id(ruleId)}", ct);

    /// <summary>Forgets every rule of the schema named <paramref name="schema"/>, or of one of its fields; returns how many were deleted.</summary>
    public async Task<int> DeleteFieldsAsync(string schema, string? field = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        var path = new Query("v1/registry/fields").Add("schema", schema).Add("field", field).ToString();
        return (await _http.SendJsonAsync<RegistryDeleted>(HttpMethod.Delete, path, null, null, ct)).Deleted;
    }

    /// <summary>Teaches the registry from parsed documents and their known values (checked like review corrections), in the order given.</summary>
    public Task<RegistryLearned> LearnAsync(RegistryLearnRequest request, string? idempotencyKey = null, CancellationToken ct = default) =>
        _http.SendJsonAsync<RegistryLearned>(HttpMethod.Post, "v1/registry/learn", request, idempotencyKey, ct);
}
