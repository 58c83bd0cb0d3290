using System.ComponentModel.DataAnnotations;

namespace Quarry.Server.Webhooks;

/// <summary>The <c>Quarry:Webhooks</c> settings. Defaults suit production; tests shorten the schedule and the timeout.</summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string Section = "Quarry:Webhooks";

    /// <summary>
    /// Lets webhooks target private, loopback and link-local addresses. Off by default: a webhook URL is chosen by an
    /// API user, and without this check it could make the server call its own network (SSRF).
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>The waits before each retry after a failed attempt, e.g. <c>1m, 5m, 30m, 4h</c> (units ms, s, m, h, d).</summary>
    public string RetrySchedule { get; set; } = "1m, 5m, 30m, 4h";

    /// <summary>How long one attempt may take, connection included, before it counts as failed.</summary>
    [Range(0.05, 300)]
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Deliveries failing for good in a row after which the subscription is disabled.</summary>
    [Range(1, 10_000)]
    public int DisableAfterFailures { get; set; } = 5;

    /// <summary>Deliveries this process sends at once; 0 sends none (another process does).</summary>
    [Range(0, 256)]
    public int Concurrency { get; set; } = 8;

    /// <summary>How often an idle dispatcher looks for due deliveries, e.g. retries or events of other processes.</summary>
    [Range(10, 60_000)]
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>Days a finished delivery stays in the history before it is deleted.</summary>
    [Range(1, 3650)]
    public int HistoryDays { get; set; } = 30;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public IReadOnlyList<TimeSpan> Schedule() => RetryBackoff.Parse(RetrySchedule, out var schedule, out _) ? schedule : [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!RetryBackoff.Parse(RetrySchedule, out _, out var error))
            yield return new ValidationResult($"{Section}:RetrySchedule '{RetrySchedule}' is not valid: {error}");
    }
}
