using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Quarry.Core;
using Quarry.Data.Blobs;

namespace Quarry.Server.Documents;

/// <summary>One file of an upload, already in the blob store.</summary>
public sealed record UploadedFile(string Filename, BlobRef Blob, string? ClientContentType);

/// <summary>The parts of a multipart upload, or why it is refused (status and errors).</summary>
public sealed record UploadParts(List<UploadedFile> Files, string? MetadataJson, ValidationErrors Errors, int? FailureStatus, string? FailureDetail);

/// <summary>
/// Streams a multipart/form-data upload into the blob store: each <c>file</c> part hashed while copied, never held
/// in memory; an optional <c>metadata</c> part holding a JSON object.
/// </summary>
public sealed class UploadReader(IBlobStore blobs)
{
    private const int MaxMetadataBytes = 64 * 1024;

    public async Task<UploadParts> ReadAsync(HttpRequest request, long maxFileBytes, long maxUploadBytes, int maxFiles, CancellationToken ct)
    {
        var files = new List<UploadedFile>();
        try
        {
            return await ReadPartsAsync(request, files, maxFileBytes, maxFiles, ct);
        }
        catch (Exception e) when (e is BadHttpRequestException { StatusCode: 413 } || e.InnerException is BadHttpRequestException { StatusCode: 413 })
        {
            return new UploadParts(files, null, new ValidationErrors(), 413, $"The upload is larger than the limit of {maxUploadBytes} bytes.");
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException && !ct.IsCancellationRequested)
        {
            return new UploadParts(files, null, ValidationErrors.Of("body", $"The multipart body is malformed or incomplete: {e.Message}"), 400, null);
        }
    }

    private async Task<UploadParts> ReadPartsAsync(HttpRequest request, List<UploadedFile> files, long maxFileBytes, int maxFiles, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !string.Equals(mediaType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
            return new UploadParts(files, null, errors, 415, "Upload files as multipart/form-data with one or more 'file' parts.");

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        string? metadata = null;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var cd) || cd.Name.Value is not { } name)
            {
                errors.Add("body", "Every part needs a Content-Disposition with a name.");
                continue;
            }
            name = HeaderUtilities.RemoveQuotes(name).Value ?? "";
            if (name == "file")
            {
                if (files.Count >= maxFiles)
                    return new UploadParts(files, null, errors, 413, $"At most {maxFiles} files per upload.");
                var fileName = HeaderUtilities.RemoveQuotes(cd.FileNameStar.HasValue ? cd.FileNameStar : cd.FileName).Value;
                try
                {
                    var blob = await blobs.PutAsync(section.Body, maxFileBytes, ct);
                    if (blob.Size == 0)
                        errors.Add($"file[{files.Count}]", $"'{Filenames.Clean(fileName)}' is empty.");
                    files.Add(new UploadedFile(Filenames.Clean(fileName), blob, section.ContentType));
                }
                catch (BlobTooLargeException)
                {
                    return new UploadParts(files, null, errors, 413, $"'{Filenames.Clean(fileName)}' is larger than the limit of {maxFileBytes} bytes per file.");
                }
            }
            else if (name == "metadata")
            {
                metadata = await ReadMetadataAsync(section.Body, errors, ct);
            }
            else
            {
                errors.Add(name, $"Unknown part '{name}'. Send files as 'file' parts and an optional 'metadata' JSON part.");
            }
        }
        if (files.Count == 0 && errors.IsEmpty)
            errors.Add("file", "No file was uploaded. Send one or more 'file' parts.");
        return new UploadParts(files, metadata, errors, null, null);
    }

    private static async Task<string?> ReadMetadataAsync(Stream body, ValidationErrors errors, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxMetadataBytes)
            {
                errors.Add("metadata", $"At most {MaxMetadataBytes} bytes.");
                return null;
            }
        }
        try
        {
            using var doc = JsonDocument.Parse(buffer.ToArray());
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
                return Encoding.UTF8.GetString(buffer.ToArray());
            errors.Add("metadata", "Must be a JSON object.");
        }
        catch (JsonException)
        {
            errors.Add("metadata", "Must be valid JSON (an object).");
        }
        return null;
    }
}
