using System.Diagnostics;

namespace Quarry.Server.Telemetry;

/// <summary>
/// The ids a background log line belongs to, as a log scope (shown by the JSON console formatter, kept by any
/// structured sink) and as tags of the current span, so a line and a trace of one document can be found by its id.
/// </summary>
public static class LogScopes
{
    public static IDisposable? BeginRowScope(this ILogger log, Guid jobId, Guid documentId, Guid rowId)
    {
        Activity.Current?.SetTag("quarry.job_id", jobId).SetTag("quarry.document_id", documentId).SetTag("quarry.row_id", rowId);
        return log.BeginScope(new Dictionary<string, object> { ["JobId"] = jobId, ["DocumentId"] = documentId, ["RowId"] = rowId });
    }

    public static IDisposable? BeginDocumentScope(this ILogger log, Guid documentId)
    {
        Activity.Current?.SetTag("quarry.document_id", documentId);
        return log.BeginScope(new Dictionary<string, object> { ["DocumentId"] = documentId });
    }
}
