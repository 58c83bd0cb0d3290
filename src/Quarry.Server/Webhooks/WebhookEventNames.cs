namespace Quarry.Server.Webhooks;

/// <summary>The events a webhook can subscribe to, in the order the API lists them.</summary>
public static class WebhookEventNames
{
    /// <summary>A document's row in a job ran all four phases (its status is approved or review).</summary>
    public const string DocumentCompleted = "document.completed";

    /// <summary>A document's row in a job failed: the document could not be read, or its processing kept failing.</summary>
    public const string DocumentFailed = "document.failed";

    public const string JobCompleted = "job.completed";
    public const string JobFailed = "job.failed";
    public const string JobCancelled = "job.cancelled";

    /// <summary>A finished row needs a person (status review).</summary>
    public const string RowReviewRequired = "row.review_required";

    /// <summary>A row was approved: today automatically, when it finished without flags at or above the review threshold.</summary>
    public const string RowApproved = "row.approved";

    public static IReadOnlyList<string> All { get; } =
        [DocumentCompleted, DocumentFailed, JobCompleted, JobFailed, JobCancelled, RowReviewRequired, RowApproved];

    /// <summary>The event of a job that ended with <paramref name="status"/>, or null while it runs.</summary>
    public static string? ForJobStatus(string status) => status switch
    {
        Data.JobStatuses.Complete => JobCompleted,
        Data.JobStatuses.Failed => JobFailed,
        Data.JobStatuses.Cancelled => JobCancelled,
        _ => null,
    };
}
