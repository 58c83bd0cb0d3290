namespace Quarry.Client;

/// <summary>
/// A run of one schema version over documents. <see cref="Progress"/> is 0–100; <see cref="CurrentPhase"/> is the
/// earliest phase any unfinished row waits for (see <see cref="JobPhase"/>), null once the job ended.
/// </summary>
public sealed record Job(
    Guid Id,
    string? Name,
    string Status,
    int Progress,
    string? CurrentPhase,
    int? EstimatedSecondsRemaining,
    JobSchemaRef Schema,
    int DocumentCount,
    int CompletedDocuments,
    int FailedDocuments,
    GridStats GridStats,
    JobError? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyDictionary<string, string> Links)
{
    /// <summary>True once the job is <c>complete</c>, <c>failed</c> or <c>cancelled</c>: nothing changes any more.</summary>
    public bool HasEnded => JobStatus.HasEnded(Status);

    /// <summary>Phase 2's budget: model calls and tokens the job may use (null: no limit).</summary>
    public int? MaxAgentCalls { get; init; }

    public long? MaxTokens { get; init; }

    /// <summary>What phase 2's model calls used so far.</summary>
    public JobUsage Usage { get; init; } = new(0, 0, 0);

    /// <summary>The row confidence from which a row without flags is approved without a person (0 from a server that does not say).</summary>
    public double ReviewThreshold { get; init; }

    /// <summary>Where the rows stand in each phase, keyed by phase name (<see cref="JobPhase.InOrder"/>); empty from a server without it.</summary>
    public IReadOnlyDictionary<string, PhaseCounts> Phases { get; init; } = new Dictionary<string, PhaseCounts>();
}

/// <summary>One phase's rows: past it, in it under a worker's lease, not yet in it, and failed (never to run). They add up to the job's rows.</summary>
public sealed record PhaseCounts(int Completed, int Running, int Pending, int Failed)
{
    public int Rows => Completed + Running + Pending + Failed;
}

public sealed record JobUsage(long InputTokens, long OutputTokens, int Calls);

public sealed record JobSchemaRef(Guid Id, string Name, int Version);

public sealed record GridStats(long TotalCells, long Filled, long Empty, double FillRate, long RegistryFilled = 0);

public sealed record JobError(string Code, string Message);

/// <summary>
/// The body of <c>POST /v1/jobs</c>. Without <see cref="DocumentIds"/>, every document not yet extracted with this schema;
/// without a budget (<see cref="MaxAgentCalls"/>, <see cref="MaxTokens"/>) or a <see cref="ReviewThreshold"/> (above 0, at most 1),
/// the server's defaults.
/// </summary>
public sealed record NewJob(Guid SchemaId, IReadOnlyList<Guid>? DocumentIds = null, string? Name = null, int? MaxAgentCalls = null, long? MaxTokens = null,
    double? ReviewThreshold = null);

public static class JobStatus
{
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Complete = "complete";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool HasEnded(string status) => status is Complete or Failed or Cancelled;
}

/// <summary>The four phases every row goes through, in order.</summary>
public static class JobPhase
{
    public const string Resolve = "phase_1_resolve";
    public const string Agent = "phase_2_agent";
    public const string Normalize = "phase_3_resolve";
    public const string Transform = "phase_4_transform";

    public static IReadOnlyList<string> InOrder { get; } = [Resolve, Agent, Normalize, Transform];
}

/// <summary>Filters of <c>GET /v1/jobs</c>.</summary>
public sealed record JobListRequest(string? Status = null, int? Limit = null, string? Cursor = null) : PageRequest(Limit, Cursor);
