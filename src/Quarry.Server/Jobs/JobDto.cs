using Quarry.Core.Extraction;
using Quarry.Data;

namespace Quarry.Server.Jobs;

public sealed record JobSchemaRef(Guid Id, string Name, int Version);

/// <summary><see cref="RegistryFilled"/>: filled cells whose value phase 1 took from the Field Registry.</summary>
public sealed record GridStats(long TotalCells, long Filled, long Empty, double FillRate, long RegistryFilled);

public sealed record JobError(string Code, string Message);

/// <summary>What phase 2's model calls of the job used: tokens as the provider counted them, and calls made.</summary>
public sealed record JobUsage(long InputTokens, long OutputTokens, int Calls);

public sealed record JobDto(
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
    IReadOnlyDictionary<string, PhaseCounts> Phases,
    JobError? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyDictionary<string, string> Links)
{
    /// <summary>Phase 2's budget: model calls and tokens (input and output together) the job may use; null is no limit.</summary>
    public int? MaxAgentCalls { get; init; }

    public long? MaxTokens { get; init; }

    public JobUsage Usage { get; init; } = new(0, 0, 0);

    /// <summary>The row confidence from which a row without flags is approved without a person (fixed when the job is created).</summary>
    public double ReviewThreshold { get; init; }

    public static JobDto From(JobRecord j, JobProgressRecord p, DateTimeOffset now)
    {
        var phases = PhaseNames.InOrder.Count;
        var progress = p.Rows == 0 ? 0 : (int)Math.Floor(100.0 * p.PhasesDone / (p.Rows * phases));
        if (j.Status == Data.JobStatuses.Complete) progress = 100;
        var running = j.Status is Data.JobStatuses.Queued or Data.JobStatuses.Processing;
        int? eta = null;
        if (running && j.StartedAt is { } started && progress is > 0 and < 100)
            eta = (int)Math.Ceiling((now - started).TotalSeconds * (100 - progress) / progress);
        var total = (long)p.Rows * j.FieldCount;
        var self = $"/v1/jobs/{j.Id:D}";
        return new JobDto(
            j.Id, j.Name, j.Status, progress,
            running && p.EarliestPhase is { } next ? PhaseNames.InOrder[next] : null,
            eta,
            new JobSchemaRef(j.SchemaId, j.SchemaName, j.SchemaVersion),
            j.DocumentCount, p.CompletedRows, p.FailedRows,
            new GridStats(total, p.FilledCells, total - p.FilledCells, total == 0 ? 0 : Math.Round((double)p.FilledCells / total, 4), p.RegistryFilled),
            PhaseCounts.Of(p.PhaseGroups),
            j.ErrorCode is null ? null : new JobError(j.ErrorCode, j.ErrorMessage ?? j.ErrorCode),
            j.CreatedAt, j.StartedAt, j.CompletedAt,
            new Dictionary<string, string> { ["self"] = self, ["results"] = self + "/results", ["cancel"] = self + "/cancel" })
        {
            MaxAgentCalls = j.MaxAgentCalls,
            MaxTokens = j.MaxAgentTokens,
            Usage = new JobUsage(j.AgentInputTokens, j.AgentOutputTokens, j.AgentCalls),
            ReviewThreshold = j.ReviewThreshold,
        };
    }
}
