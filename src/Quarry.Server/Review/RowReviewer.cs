using System.Text.Json;
using Quarry.Core.Documents;
using Quarry.Core.Extraction;
using Quarry.Core.Extraction.Calibration;
using Quarry.Core.Schemas;
using Quarry.Data;
using Quarry.Data.Stores;
using Quarry.Server.Webhooks;

namespace Quarry.Server.Review;

public enum ReviewResult { Done, NotFound, StillProcessing, FailedRow }

/// <summary>
/// Applies a person's review to one row: corrected cells get confidence 1.0 and phase <c>human</c>; flags, the row
/// confidence and the status are recomputed by phase 4's <see cref="RowValidator"/>; approve and reject then set the
/// status. The write is optimistic: when the row changed since it was read (another review), it is read and decided
/// again, so two people correcting one cell both land in the history and the later one wins.
/// </summary>
public sealed class RowReviewer(ReviewStore reviews, RowStore rows, WebhookEvents webhooks, ReviewCalibration calibration,
    ReviewLearning learning, ILogger<RowReviewer> log)
{
    private const int MaxAttempts = 20;

    public async Task<(ReviewResult Result, RowRecord? Row)> ReviewAsync(JobRecord job, IReadOnlyList<FieldDefinition> fields, Guid rowId,
        ReviewChange change, Guid apiKeyId, CancellationToken ct)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var row = await reviews.RowAsync(job.Id, rowId, ct);
            if (row is null)
                return (ReviewResult.NotFound, null);
            if (row.NextPhase < PhaseNames.InOrder.Count)
                return (ReviewResult.StillProcessing, row);
            if (row.Status == RowStatuses.Failed)
                return (ReviewResult.FailedRow, row);

            var work = new RowWork(fields, DocumentContent.Empty, job.ReviewThreshold)
            {
                Flags = JsonSerializer.Deserialize<List<string>>(row.Flags) ?? [],
            };
            foreach (var c in await rows.CellsAsync(rowId, ct))
                work.Cells[c.Field] = CellMapping.ToCell(c);

            var history = new List<HistoryRecord>();
            foreach (var (field, value) in change.Values)
            {
                var prior = work.Cells.TryGetValue(field, out var p) ? p.Value?.ToJsonString() : null;
                var text = value is null ? null : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
                work.Cells[field] = new Cell(value?.DeepClone(), text, 1.0, PhaseNames.Human, null);
                history.Add(CellHistory.Line(job.OrganizationId, job.Id, rowId, 0, history.Count, field, CellHistory.Corrected, PhaseNames.Human,
                    prior, value?.ToJsonString(), null, apiKeyId, default));
            }
            RowValidator.Validate(work, calibration.Table);
            var status = change.Action switch
            {
                ReviewActions.Approve => RowStatuses.Approved,
                ReviewActions.Reject => RowStatuses.Rejected,
                _ => work.Status,
            };
            if (change.Action is { } action)
            {
                history.Add(CellHistory.Line(job.OrganizationId, job.Id, rowId, 0, history.Count, null,
                    action == ReviewActions.Approve ? CellHistory.Approved : CellHistory.Rejected, PhaseNames.Human,
                    null, null, change.Reason, apiKeyId, default));
            }
            var write = new ReviewWrite(rowId, job.Id, row.Version, status, work.Confidence, JsonSerializer.Serialize(work.Flags),
                change.Action == ReviewActions.Reject ? change.Reason : null,
                work.Cells.Select(kv => CellMapping.ToRecord(kv.Key, kv.Value)).ToList(), history);
            if (await reviews.WriteAsync(write, ct) is not { } version)
                continue;

            var written = (await reviews.RowAsync(job.Id, rowId, ct))!;
            if (change.Action == ReviewActions.Approve)
                await PublishApprovedAsync(job, written, version, ct);
            await learning.LearnAsync(job, fields, written, work, change, ct);
            return (ReviewResult.Done, written);
        }
        throw new InvalidOperationException($"Row {rowId} kept changing during {MaxAttempts} review attempts.");
    }

    /// <summary>A person's approval is an event of its own: its key names the row version it approved.</summary>
    private async Task PublishApprovedAsync(JobRecord job, RowRecord row, int version, CancellationToken ct)
    {
        try
        {
            var flags = JsonSerializer.Deserialize<string[]>(row.Flags) ?? [];
            var jobLink = $"/v1/jobs/{row.JobId:D}";
            var data = new RowEventData(row.JobId, new RowSummary(row.Id, row.DocumentId, row.Filename, row.Status, row.Confidence, flags),
                new Dictionary<string, string> { ["job"] = jobLink, ["results"] = jobLink + "/results", ["document"] = $"/v1/documents/{row.DocumentId:D}" });
            await webhooks.PublishAsync(job.OrganizationId, WebhookEventNames.RowApproved, $"{WebhookEventNames.RowApproved}/{row.Id:D}/human/{version}", data, ct);
        }
        catch (Exception e)
        {
            log.LogError(e, "Could not queue row.approved for row {RowId}", row.Id);
        }
    }
}

/// <summary>The calibration phase 4 uses, loaded once, so a review recomputes confidences exactly as the pipeline does.</summary>
public sealed class ReviewCalibration(ConfidenceCalibration table)
{
    public ConfidenceCalibration Table { get; } = table;
}
