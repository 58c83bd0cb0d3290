using System.Reflection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;
using Quarry.Core.Schemas;
using Quarry.Data.Stores;

namespace Quarry.Server.Results.Exports;

/// <summary>
/// An export streamed to the response page by page: each page of rows is read, written into the buffer and sent
/// before the next is read, so memory holds one page whatever the job's size. A failure after the first bytes
/// cannot change the status any more; it aborts the connection, so the client sees a broken download rather than a
/// file that merely looks short.
/// </summary>
public sealed class ExportResult(ExportFormat format, string fileName, IReadOnlyList<FieldDefinition> fields, bool withCells,
    IAsyncEnumerable<IReadOnlyList<RowWithCells>> pages) : IResult, IEndpointMetadataProvider
{
    /// <summary>Rows read from the database at a time.</summary>
    public const int PageSize = 500;

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = format.ContentType;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        http.Response.Headers.ContentDisposition = disposition.ToString();
        http.Response.Headers.CacheControl = "no-store";
        await WriteAsync(format, fields, withCells, pages, http.Response.Body, http.RequestAborted);
    }

    /// <summary>Writes the whole export to <paramref name="destination"/>, one page at a time.</summary>
    public static async Task WriteAsync(ExportFormat format, IReadOnlyList<FieldDefinition> fields, bool withCells,
        IAsyncEnumerable<IReadOnlyList<RowWithCells>> pages, Stream destination, CancellationToken ct)
    {
        await using var buffer = new ExportBuffer();
        using var writer = format.Create(buffer, fields, withCells);
        await foreach (var page in pages.WithCancellation(ct))
        {
            foreach (var row in page)
                writer.Write(row);
            writer.Flush();
            await buffer.DrainToAsync(destination, ct);
        }
        writer.Finish();
        await buffer.DrainToAsync(destination, ct);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), [.. ExportFormat.All.Select(f => f.ContentType)]));
}
