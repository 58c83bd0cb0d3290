using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Quarry.Core.Documents;
using Quarry.Core.Extraction;
using Quarry.Data;
using Quarry.Data.Blobs;
using Quarry.Data.Stores;
using Quarry.Server.Hosting;
using Quarry.Server.Telemetry;
using Quarry.Server.Webhooks;

namespace Quarry.Server.Pipeline;

/// <summary>
/// Runs the remaining phases of one claimed row, writing the row and its cells after each phase. A row resumes at
/// the phase it had reached, so a crash repeats at most one phase and never makes a second row.
/// </summary>
public sealed class RowProcessor(
    JobStore jobs, SchemaStore schemas, DocumentStore documents, RowStore rows, IBlobStore blobs, PhasePipeline pipeline,
    IPipelineHooks hooks, WebhookEvents webhooks, Registry.RegistryService registry, QuarryMetrics metrics,
    AgentUsageStore agentUsage, IOptions<QuarryOptions> options, ILogger<RowProcessor> log)
{
    private readonly WorkerOptions _workers = options.Value.Workers;
    private TimeSpan Lease => TimeSpan.FromSeconds(_workers.LeaseSeconds);

    public async Task ProcessAsync(RowClaim claim, CancellationToken stopping)
    {
        using var span = QuarryTracing.Source.StartActivity("row");
        using var scope = log.BeginRowScope(claim.JobId, claim.DocumentId, claim.Id);
        // The lease is renewed while the row is worked on; if another process took it over, `ct` is cancelled.
        await using var heartbeat = LeaseHeartbeat.Start(c => rows.RenewAsync(claim.Id, claim.Owner, Lease, c), _workers.HeartbeatInterval, stopping, log, $"row {claim.Id}");
        var ct = heartbeat.Token;
        try
        {
            var job = await jobs.GetByIdAsync(claim.JobId, ct) ?? throw new InvalidOperationException($"Job {claim.JobId} vanished.");
            await jobs.MarkStartedAsync(job.Id, ct);
            var doc = await documents.GetAsync(job.OrganizationId, claim.DocumentId, ct);
            if (claim.Attempts > _workers.MaxAttempts)
                await FailAsync(claim, "internal_error", ct);
            else if (doc is null)
                await FailAsync(claim, "document_deleted", ct);
            else if (doc.Status == DocumentStatuses.Error)
                await FailAsync(claim, doc.ErrorCode ?? "corrupt_file", ct);
            else
                await RunPhasesAsync(claim, job, doc, ct);
            var ended = await jobs.TryFinishAsync(job.Id, CancellationToken.None);
            await webhooks.RowProcessedAsync(job, claim.Id, ended, CancellationToken.None);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: give the row back so the next process starts it at once instead of after the lease.
            await rows.ReleaseAsync(claim.Id, claim.Owner, CancellationToken.None);
        }
        catch (OperationCanceledException) when (heartbeat.Lost)
        {
            // Another process holds the row now and resumes it at the phase last written; nothing here is kept.
        }
        catch (Exception e)
        {
            log.LogError(e, "Row {RowId} of job {JobId} failed at phase {Phase}; it will be retried", claim.Id, claim.JobId, claim.NextPhase);
            await rows.ReleaseAsync(claim.Id, claim.Owner, CancellationToken.None);
        }
    }

    private async Task RunPhasesAsync(RowClaim claim, JobRecord job, DocumentRecord doc, CancellationToken ct)
    {
        var loading = Stopwatch.GetTimestamp();
        var schema = await schemas.GetVersionAsync(job.SchemaId, job.SchemaVersion, ct) ?? throw new InvalidOperationException("Schema version vanished.");
        var fields = schema.FieldDefinitions();
        var content = await LoadContentAsync(doc, ct);
        var row = new RowWork(fields, content, job.ReviewThreshold)
        {
            Registry = await registry.ForAsync(job.OrganizationId, job.SchemaName, ct),
            AgentLedger = new Agent.JobAgentLedger(agentUsage, metrics, job.Id, claim.Id),
        };
        foreach (var c in await rows.CellsAsync(claim.Id, ct))
            row.Cells[c.Field] = CellMapping.ToCell(c);
        // Flags an earlier run left (phase 2's), so a resumed row keeps them; a row starting afresh has none.
        if (claim.NextPhase > 0)
            row.Flags.AddRange(await rows.FlagsAsync(claim.Id, ct));
        var phases = new Dictionary<string, string>(StringComparer.Ordinal);
        metrics.RowStored("load", QuarryMetrics.Since(loading));

        for (var i = claim.NextPhase; i < pipeline.Phases.Count; i++)
        {
            var phase = pipeline.Phases[i];
            await hooks.BeforePhaseAsync(job.Id, doc.Id, phase.Name, ct);
            PhaseOutcome outcome;
            using (QuarryTracing.Source.StartActivity(phase.Name))
            {
                var started = Stopwatch.GetTimestamp();
                outcome = await phase.RunAsync(row, ct);
                metrics.PhaseRan(phase.Name, QuarryMetrics.Since(started));
            }
            var writing = Stopwatch.GetTimestamp();
            phases[phase.Name] = outcome switch { PhaseOutcome.Skipped => "skipped", PhaseOutcome.Failed => "failed", _ => "completed" };
            var last = i == pipeline.Phases.Count - 1;
            var write = new RowWrite(i + 1, last ? row.Status : RowStatuses.Processing, last ? row.Confidence : null,
                JsonSerializer.Serialize(row.Flags), await MergePhasesAsync(claim.Id, phases, ct),
                row.Cells.Select(kv => CellMapping.ToRecord(kv.Key, kv.Value)).ToList(), [new PhaseRun(phase.Name, phases[phase.Name])])
            {
                LayoutKeysJson = phase.Name == PhaseNames.Resolve && row.LayoutKeys is { } keys ? JsonSerializer.Serialize(keys) : null,
            };
            if (!await rows.WriteAsync(claim.Id, job.Id, claim.Owner, Lease, write, ct))
            {
                log.LogWarning("Lost the lease on row {RowId}; another worker has it", claim.Id);
                return;
            }
            metrics.RowStored("write", QuarryMetrics.Since(writing));
            if (last)
            {
                metrics.RowCompleted(row.Status);
                log.LogDebug("Row {RowId} done: {Status}", claim.Id, row.Status);
            }
        }
    }

    private async Task FailAsync(RowClaim claim, string code, CancellationToken ct)
    {
        var phases = JsonSerializer.Serialize(PhaseNames.InOrder.ToDictionary(p => p, _ => "skipped"));
        await rows.WriteAsync(claim.Id, claim.JobId, claim.Owner, Lease,
            new RowWrite(PhaseNames.InOrder.Count, RowStatuses.Failed, null, JsonSerializer.Serialize(new[] { $"document_error:{code}" }), phases, [],
                PhaseNames.InOrder.Select(p => new PhaseRun(p, "skipped")).ToList()), ct);
        metrics.RowCompleted(RowStatuses.Failed);
    }

    /// <summary>The phase log keeps what earlier runs recorded, so a resumed row still shows all four phases.</summary>
    private async Task<string> MergePhasesAsync(Guid rowId, Dictionary<string, string> phases, CancellationToken ct)
    {
        var stored = await rows.PhasesAsync(rowId, ct);
        var merged = JsonSerializer.Deserialize<Dictionary<string, string>>(stored) ?? [];
        foreach (var (k, v) in phases)
            merged[k] = v;
        return JsonSerializer.Serialize(merged);
    }

    private async Task<DocumentContent> LoadContentAsync(DocumentRecord doc, CancellationToken ct)
    {
        if (doc.ContentSha256 is null)
            return DocumentContent.Empty;
        await using var stream = await blobs.OpenReadAsync(doc.ContentSha256, ct)
            ?? throw new InvalidOperationException($"The parsed content of document {doc.Id} is missing.");
        return await ContentJson.DeserializeAsync(stream, ct);
    }
}
