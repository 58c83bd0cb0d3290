namespace Quarry.Data;

// Rows as the database holds them. Dapper fills them by column name (snake_case → PascalCase).

public sealed class OrganizationRecord
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed class ApiKeyRecord
{
    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public string? OrganizationName { get; init; }
    public string? Name { get; init; }
    public string Prefix { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
}

public sealed class DocumentRecord
{
    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public Guid? ParentId { get; init; }
    public int Depth { get; init; }
    public int? ChildIndex { get; init; }
    public string Filename { get; init; } = "";
    public string MimeType { get; init; } = "";
    public long SizeBytes { get; init; }
    public string Sha256 { get; init; } = "";
    public int? Pages { get; init; }
    public string Status { get; init; } = DocumentStatuses.Pending;
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public string? Metadata { get; init; }
    public string? ContentSha256 { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Set on a document just claimed for parsing: the lease its parser holds (see DocumentStore.ClaimForParsingAsync).</summary>
    public string? LeaseOwner { get; init; }
}

public static class DocumentStatuses
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Completed = "completed";
    public const string Error = "error";
}

public sealed class SchemaRecord
{
    /// <summary>The stored field list (validated when written), as definitions.</summary>
    public IReadOnlyList<Quarry.Core.Schemas.FieldDefinition> FieldDefinitions()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(Fields);
        return Quarry.Core.Schemas.SchemaParser.ParseStoredFields(doc.RootElement);
    }

    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public int Version { get; init; }
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public string Fields { get; init; } = "[]";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed class JobRecord
{
    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public Guid SchemaId { get; init; }
    public int SchemaVersion { get; init; }
    public string SchemaName { get; init; } = "";
    public string? Name { get; init; }
    public string Status { get; init; } = JobStatuses.Queued;
    public int DocumentCount { get; init; }
    public int FieldCount { get; init; }
    public double ReviewThreshold { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Phase 2's budget for the job (null: no limit) and what its model calls used so far.</summary>
    public int? MaxAgentCalls { get; init; }
    public long? MaxAgentTokens { get; init; }
    public int AgentCalls { get; init; }
    public long AgentInputTokens { get; init; }
    public long AgentOutputTokens { get; init; }
}

/// <summary>The most phase 2 may spend on one job: model calls and tokens (input and output together); null is no limit.</summary>
public sealed record AgentBudget(int? MaxCalls, long? MaxTokens)
{
    public static AgentBudget Unlimited { get; } = new(null, null);
}

public static class JobStatuses
{
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Complete = "complete";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsFinished(string status) => status is Complete or Failed or Cancelled;
}

/// <summary>How far a job's rows have come, computed from the rows themselves.</summary>
public sealed class JobProgressRecord
{
    public Guid JobId { get; init; }
    public int Rows { get; init; }
    public int PhasesDone { get; init; }
    public int CompletedRows { get; init; }
    public int FailedRows { get; init; }
    public int? EarliestPhase { get; init; }
    public int FilledCells { get; init; }

    /// <summary>Filled cells whose value came from the Field Registry.</summary>
    public int RegistryFilled { get; init; }

    /// <summary>The job's rows counted by where they stand: the per-phase counts of the job resource are made from these.</summary>
    public IReadOnlyList<RowPhaseGroup> PhaseGroups { get; set; } = [];
}

/// <summary><see cref="Rows"/> rows with <see cref="NextPhase"/> phases done, failed or not, under a live lease (being worked on) or not.</summary>
public sealed class RowPhaseGroup
{
    public int NextPhase { get; init; }
    public bool Failed { get; init; }
    public bool Leased { get; init; }
    public int Rows { get; init; }
}

public sealed class RowRecord
{
    public Guid Id { get; init; }
    public Guid JobId { get; init; }
    public Guid OrganizationId { get; init; }
    public Guid DocumentId { get; init; }
    public string Filename { get; init; } = "";
    public int Ordinal { get; init; }
    public string Status { get; init; } = "";
    public int NextPhase { get; init; }
    public double? Confidence { get; init; }
    public string Flags { get; init; } = "[]";
    public string Phases { get; init; } = "{}";
    public int Attempts { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Bumped by every write of the row (a phase or a review): the token of optimistic concurrency.</summary>
    public int Version { get; init; }

    /// <summary>Why a person rejected the row.</summary>
    public string? ReviewReason { get; init; }

    /// <summary>What phase 2's model calls for this row used (0 without a model).</summary>
    public int AgentCalls { get; init; }

    public long AgentInputTokens { get; init; }

    public long AgentOutputTokens { get; init; }

    /// <summary>The document's layout fingerprint keys as phase 1 computed them (JSON array); read only where asked for.</summary>
    public string? LayoutKeys { get; init; }
}

public sealed class CellRecord
{
    public Guid RowId { get; init; }
    public string Field { get; init; } = "";
    public string? Value { get; init; }
    public string? Raw { get; init; }
    public double Confidence { get; init; }
    public string Phase { get; init; } = "";
    public string? Source { get; init; }
    public string? Issue { get; init; }
    public string? Evidence { get; init; }
}
