using System.Runtime.CompilerServices;

namespace Quarry.Client;

/// <summary><c>GET /v1/jobs/{id}/results</c>: the grid as JSON pages, every row one by one, or an exported file.</summary>
public sealed class ResultsClient
{
    private readonly QuarryHttp _http;

    internal ResultsClient(QuarryHttp http) => _http = http;

    /// <summary>
    /// One page of rows. Without <see cref="PageRequest.Limit"/> the server answers every row at once (the seed's
    /// shape); for large jobs prefer <see cref="ListAllAsync"/>.
    /// </summary>
    public Task<ResultsPage> GetAsync(Guid jobId, ResultsRequest? request = null, CancellationToken ct = default) =>
        _http.GetAsync<ResultsPage>(Path(jobId, request ?? new ResultsRequest()), ct);

    /// <summary>Every row, in document order, fetched <paramref name="pageSize"/> at a time as the loop asks for them.</summary>
    public async IAsyncEnumerable<ResultRow> ListAllAsync(Guid jobId, string? status = null, bool includeCells = false,
        int pageSize = Pager.MaxLimit, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, Pager.MaxLimit);
        string? cursor = null;
        do
        {
            var page = await GetAsync(jobId, new ResultsRequest(status, includeCells, pageSize, cursor), ct);
            foreach (var row in page.Data)
                yield return row;
            cursor = page.Pagination is { HasMore: true, NextCursor: { } next } ? next : null;
        } while (cursor is not null);
    }

    /// <summary>Streams an export into <paramref name="destination"/> (which stays open) without holding it in memory.</summary>
    public async Task ExportAsync(Guid jobId, ExportFormat format, Stream destination, string? status = null, bool includeCells = false,
        CancellationToken ct = default)
    {
        await using var body = await OpenExportAsync(jobId, format, status, includeCells, ct);
        await body.CopyToAsync(destination, ct);
    }

    /// <summary>The export as a stream to read; dispose it. A server failure mid-export ends the stream with an error, never a short file.</summary>
    public async Task<Stream> OpenExportAsync(Guid jobId, ExportFormat format, string? status = null, bool includeCells = false,
        CancellationToken ct = default)
    {
        var path = new Query(Path(jobId, new ResultsRequest(status, includeCells))).Add("format", FormatName(format)).ToString();
        var response = await _http.SendAsync(HttpMethod.Get, path, null, null, HttpCompletionOption.ResponseHeadersRead, ct);
        return await ResponseStream.OpenAsync(response, ct);
    }

    public static string FormatName(ExportFormat format) => format switch
    {
        ExportFormat.Csv => "csv",
        ExportFormat.Xlsx => "xlsx",
        ExportFormat.Ndjson => "ndjson",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown export format."),
    };

    private static string Path(Guid jobId, ResultsRequest r) =>
        new Query($"v1/jobs/{Query.Id(jobId)}/results").Add("status", r.Status).Add("include", r.IncludeCells ? "cells" : null)
            .Add("limit", r.Limit).Add("cursor", r.Cursor).ToString();
}
