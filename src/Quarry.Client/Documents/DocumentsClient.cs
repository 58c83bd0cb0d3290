using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Quarry.Client;

/// <summary><c>/v1/documents</c>: upload files, list and read them, delete them.</summary>
public sealed class DocumentsClient
{
    private readonly QuarryHttp _http;

    internal DocumentsClient(QuarryHttp http) => _http = http;

    /// <summary>
    /// Uploads files in one request (all or nothing) and returns the documents created; an archive or e-mail gives
    /// more documents later, as it is unpacked. <paramref name="metadata"/> (a JSON object) applies to every file.
    /// A retry after 429/503 sends the same <paramref name="idempotencyKey"/> (one is made when none is given).
    /// </summary>
    public async Task<IReadOnlyList<Document>> UploadAsync(IEnumerable<UploadFile> files, JsonObject? metadata = null,
        string? idempotencyKey = null, CancellationToken ct = default)
    {
        var list = files.ToList();
        if (list.Count == 0)
            throw new ArgumentException("Give at least one file.", nameof(files));
        var metadataJson = metadata?.ToJsonString();
        using var response = await _http.SendAsync(HttpMethod.Post, "v1/documents", () => Form(list, metadataJson), idempotencyKey,
            HttpCompletionOption.ResponseContentRead, ct);
        var created = await response.Content.ReadFromJsonAsync<DataList<Document>>(QuarryJson.Options, ct);
        return created?.Data ?? [];
    }

    /// <summary>Uploads one file.</summary>
    public async Task<Document> UploadAsync(UploadFile file, JsonObject? metadata = null, string? idempotencyKey = null, CancellationToken ct = default) =>
        (await UploadAsync([file], metadata, idempotencyKey, ct))[0];

    public Task<Page<Document>> ListAsync(DocumentListRequest? request = null, CancellationToken ct = default)
    {
        request ??= new DocumentListRequest();
        var path = new Query("v1/documents").Add("status", request.Status).Add("created_after", request.CreatedAfter)
            .Add("created_before", request.CreatedBefore).Add("q", request.Q).Add("parent_id", request.ParentId)
            .Add("limit", request.Limit).Add("cursor", request.Cursor);
        return _http.GetAsync<Page<Document>>(path.ToString(), ct);
    }

    /// <summary>Every document that matches, fetched a page at a time as the loop goes.</summary>
    public IAsyncEnumerable<Document> ListAllAsync(DocumentListRequest? request = null, CancellationToken ct = default)
    {
        request ??= new DocumentListRequest();
        return Pager.AllAsync((cursor, token) => ListAsync(request with { Cursor = cursor, Limit = request.Limit ?? Pager.MaxLimit }, token), ct);
    }

    public Task<Document> GetAsync(Guid id, CancellationToken ct = default) =>
        _http.GetAsync<Document>($"v1/documents/{Query.Id(id)}", ct);

    /// <summary>The parsed content (Markdown, pages, lines, words with boxes) as the server's JSON; 409 while it is still being parsed.</summary>
    public Task<JsonObject> GetContentAsync(Guid id, CancellationToken ct = default) =>
        _http.GetAsync<JsonObject>($"v1/documents/{Query.Id(id)}/content", ct);

    /// <summary>The original bytes, streamed. Dispose the stream.</summary>
    public async Task<Stream> OpenFileAsync(Guid id, CancellationToken ct = default)
    {
        var response = await _http.SendAsync(HttpMethod.Get, $"v1/documents/{Query.Id(id)}/file", null, null, HttpCompletionOption.ResponseHeadersRead, ct);
        return await ResponseStream.OpenAsync(response, ct);
    }

    /// <summary>The document's pages with their sizes in box coordinates (what a cell's <c>source.bbox</c> is measured in); 409 while it is being parsed.</summary>
    public async Task<IReadOnlyList<DocumentPage>> GetPagesAsync(Guid id, CancellationToken ct = default) =>
        (await _http.GetAsync<DataList<DocumentPage>>($"v1/documents/{Query.Id(id)}/pages", ct)).Data;

    /// <summary>Page <paramref name="number"/> (from 1) as a PNG: PDF pages rendered, images converted. 404 for other formats or a page the document lacks.</summary>
    public async Task<Stream> OpenPageImageAsync(Guid id, int number, CancellationToken ct = default)
    {
        var response = await _http.SendAsync(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"v1/documents/{Query.Id(id)}/pages/{number}/image"),
            null, null, HttpCompletionOption.ResponseHeadersRead, ct);
        return await ResponseStream.OpenAsync(response, ct);
    }

    /// <summary>Deletes a document; 409 while it is part of a running job.</summary>
    public Task DeleteAsync(Guid id, CancellationToken ct = default) => _http.DeleteAsync($"v1/documents/{Query.Id(id)}", ct);

    private static MultipartFormDataContent Form(IEnumerable<UploadFile> files, string? metadataJson)
    {
        var form = new MultipartFormDataContent();
        foreach (var f in files)
        {
            var part = new StreamContent(f.Open());
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", f.Name);
        }
        if (metadataJson is not null)
            form.Add(new StringContent(metadataJson, System.Text.Encoding.UTF8, "application/json"), "metadata");
        return form;
    }
}

/// <summary>An answer of the form <c>{"data": [...]}</c>.</summary>
internal sealed record DataList<T>(IReadOnlyList<T> Data);
