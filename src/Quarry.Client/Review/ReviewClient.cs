namespace Quarry.Client;

/// <summary>Review of a job's rows: correct values, approve or reject one row or many, read a row's history.</summary>
public sealed class ReviewClient
{
    private readonly QuarryHttp _http;

    internal ReviewClient(QuarryHttp http) => _http = http;

    /// <summary>
    /// Corrects, approves or rejects one row and returns it with its cells. A corrected cell gets confidence 1.0 and phase
    /// <c>human</c>; flags are recomputed. A value of the wrong type is a <see cref="QuarryValidationException"/> naming the
    /// expected type (<c>values.total</c>); a row still in its phases, or of an unreadable document, a <see cref="QuarryConflictException"/>.
    /// </summary>
    public Task<ResultRow> UpdateRowAsync(Guid jobId, Guid rowId, RowReview review, CancellationToken ct = default) =>
        _http.SendJsonAsync<ResultRow>(HttpMethod.Patch, $"{Rows(jobId)}/{Query.Id(rowId)}", review, null, ct);

    public Task<ResultRow> ApproveAsync(Guid jobId, Guid rowId, CancellationToken ct = default) =>
        UpdateRowAsync(jobId, rowId, RowReview.Approve(), ct);

    public Task<ResultRow> RejectAsync(Guid jobId, Guid rowId, string? reason = null, CancellationToken ct = default) =>
        UpdateRowAsync(jobId, rowId, RowReview.Reject(reason), ct);

    /// <summary>Approves or rejects many rows in one request (all or nothing: an unknown row is a 400 naming it); returns them without cells.</summary>
    public async Task<IReadOnlyList<ResultRow>> UpdateRowsAsync(Guid jobId, BulkReview review, string? idempotencyKey = null, CancellationToken ct = default) =>
        (await _http.SendJsonAsync<DataList<ResultRow>>(HttpMethod.Post, $"{Rows(jobId)}/review", review, idempotencyKey, ct)).Data;

    /// <summary>One page of a row's history, oldest first (the server's default page is 200 lines).</summary>
    public Task<Page<RowHistoryEntry>> GetHistoryAsync(Guid jobId, Guid rowId, PageRequest? page = null, CancellationToken ct = default) =>
        _http.GetAsync<Page<RowHistoryEntry>>(new Query($"{Rows(jobId)}/{Query.Id(rowId)}/history").Add("limit", page?.Limit)
            .Add("cursor", page?.Cursor).ToString(), ct);

    /// <summary>A row's whole history, oldest first, a page at a time.</summary>
    public IAsyncEnumerable<RowHistoryEntry> ListAllHistoryAsync(Guid jobId, Guid rowId, CancellationToken ct = default) =>
        Pager.AllAsync((cursor, token) => GetHistoryAsync(jobId, rowId, new PageRequest(Pager.MaxLimit, cursor), token), ct);

    private static string Rows(Guid jobId) => $"v1/jobs/{Query.Id(jobId)}/results";
}
