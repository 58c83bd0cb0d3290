using System.Text.Json;
using Quarry.Core.Documents;
using Quarry.Core.Extraction;
using Quarry.Core.Extraction.Registry;
using Quarry.Core.Schemas;
using Quarry.Data;
using Quarry.Data.Stores;
using Quarry.Server.Agent;
using Quarry.Server.Registry;
using Quarry.Server.Telemetry;

namespace Quarry.Server.Review;

/// <summary>
/// <c>propagate: "all_similar"</c>: after a correction taught the registry, the job's other finished rows whose document
/// matches the corrected document's layout run phases 1–4 again with the updated registry, in the request. Cells a
/// person set (phase <c>human</c>) are kept (every phase leaves them alone), rows a person approved or rejected are not
/// touched, and each changed value leaves a <c>propagated</c> history line. Writes are optimistic like a review's, so a
/// person reviewing one of these rows at the same moment is never overwritten: the re-run is simply dropped for that row.
/// </summary>
public sealed class RowPropagation(ReviewStore reviews, RowStore rows, DocumentStore documents, RegistryService registry,
    PhasePipeline pipeline, AgentUsageStore agentUsage, QuarryMetrics metrics, ILogger<RowPropagation> log)
{
    /// <summary>At most this many rows are re-run per correction, so one request stays bounded (documented in api-decisions.md).</summary>
    public const int MaxRows = 200;

    /// <summary>Re-runs the similar rows; returns how many were re-run and written.</summary>
    public async Task<int> PropagateAsync(JobRecord job, IReadOnlyList<FieldDefinition> fields, RowRecord corrected, Guid apiKeyId, CancellationToken ct)
    {
        var learned = await registry.ForAsync(job.OrganizationId, job.SchemaName, ct);
        if (learned is null || await ContentOfAsync(job, corrected.DocumentId, ct) is not { } source
            || learned.Prepare(source).Layout is not { } layout)
            return 0;
        var done = 0;
        foreach (var row in await reviews.PropagationCandidatesAsync(job.Id, corrected.Id, ct))
        {
            if (done >= MaxRows)
                break;
            // Phase 1 stored the document's fingerprint: a row of another layout is passed over without reading its document.
            if (StoredFingerprint(row) is { } stored && learned.StrongMatch(stored)?.Id != layout.Id)
                continue;
            if (await ContentOfAsync(job, row.DocumentId, ct) is not { } content)
                continue;
            if (learned.Prepare(content).Layout?.Id != layout.Id)
                continue;
            if (await RerunAsync(job, fields, row, content, learned, apiKeyId, ct))
                done++;
        }
        log.LogInformation("Propagated a correction on row {RowId} to {Count} rows of layout {Layout}", corrected.Id, done, layout.Id);
        return done;
    }

    private static LayoutFingerprint? StoredFingerprint(RowRecord row)
    {
        if (row.LayoutKeys is null)
            return null;
        var keys = JsonSerializer.Deserialize<List<string>>(row.LayoutKeys);
        return keys is { Count: > 0 } ? LayoutFingerprint.FromKeys(keys) : null;
    }

    private async Task<DocumentContent?> ContentOfAsync(JobRecord job, Guid documentId, CancellationToken ct) =>
        await documents.GetAsync(job.OrganizationId, documentId, ct) is { } doc ? await registry.ContentAsync(doc, ct) : null;

    private async Task<bool> RerunAsync(JobRecord job, IReadOnlyList<FieldDefinition> fields, RowRecord row, DocumentContent content,
        FieldRegistry learned, Guid apiKeyId, CancellationToken ct)
    {
        var before = await rows.CellsAsync(row.Id, ct);
        // A configured model may be asked again for the row's gaps: against the job's budget, as in the pipeline.
        var work = new RowWork(fields, content, job.ReviewThreshold)
        {
            Registry = learned,
            AgentLedger = new JobAgentLedger(agentUsage, metrics, job.Id, row.Id),
        };
        // Only a person's cells carry over: everything else is extracted afresh, as for a new document.
        foreach (var c in before.Where(c => c.Phase == PhaseNames.Human))
            work.Cells[c.Field] = CellMapping.ToCell(c);
        foreach (var phase in pipeline.Phases)
            await phase.RunAsync(work, ct);

        var prior = before.ToDictionary(c => c.Field, c => c.Value, StringComparer.Ordinal);
        var records = work.Cells.Select(kv => CellMapping.ToRecord(kv.Key, kv.Value)).ToList();
        var history = records.Where(c => c.Phase != PhaseNames.Human && !CellHistory.SameValue(prior.GetValueOrDefault(c.Field), c.Value))
            .Select((c, i) => CellHistory.Line(job.OrganizationId, job.Id, row.Id, 0, i, c.Field, CellHistory.Propagated, c.Phase,
                prior.GetValueOrDefault(c.Field), c.Value, null, apiKeyId, default))
            .ToList();
        var write = new ReviewWrite(row.Id, job.Id, row.Version, work.Status, work.Confidence, JsonSerializer.Serialize(work.Flags), null, records, history);
        // A row that moved since it was listed (a person is reviewing it) keeps what it has: the person's write wins.
        return await reviews.WriteAsync(write, ct) is not null;
    }
}
