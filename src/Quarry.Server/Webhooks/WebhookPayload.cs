using System.Text.Json.Nodes;
using Quarry.Server.Jobs;

namespace Quarry.Server.Webhooks;

/// <summary>The body of every delivery. <c>id</c> is the delivery id (also in <c>X-Quarry-Delivery-Id</c>): receivers dedupe on it.</summary>
public sealed record WebhookPayload(Guid Id, string Event, DateTimeOffset CreatedAt, JsonNode Data);

/// <summary><c>data</c> of job events: the job as <c>GET /v1/jobs/{id}</c> showed it when it ended.</summary>
public sealed record JobEventData(JobDto Job);

/// <summary><c>data</c> of document and row events: a summary of the row; the values are at <c>links.results</c>.</summary>
public sealed record RowEventData(Guid JobId, RowSummary Row, IReadOnlyDictionary<string, string> Links);

public sealed record RowSummary(Guid Id, Guid DocumentId, string Filename, string Status, double? Confidence, IReadOnlyList<string> ValidationFlags);
