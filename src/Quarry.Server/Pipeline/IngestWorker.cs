using System.Diagnostics;
using Microsoft.Extensions.Options;
using Quarry.Core.Documents;
using Quarry.Core.Readers;
using Quarry.Data;
using Quarry.Data.Blobs;
using Quarry.Data.Stores;
using Quarry.Server.Documents;
using Quarry.Server.Hosting;
using Quarry.Server.Telemetry;

namespace Quarry.Server.Pipeline;

/// <summary>
/// Parses uploaded documents: claims pending ones under a lease, runs the reader for their sniffed type, stores the
/// content, and marks them completed or error. A file that cannot be read fails alone, with a precise code.
/// </summary>
public sealed class IngestWorker(
    DocumentStore documents, IBlobStore blobs, DocumentReaders readers, DocumentIntake intake, WorkSignal signal, WorkerIdentity me,
    IPipelineHooks hooks, QuarryMetrics metrics, IOptions<QuarryOptions> options, ILogger<IngestWorker> log, IOcrEngine? ocr = null) : BackgroundService
{
    private readonly WorkerOptions _workers = options.Value.Workers;
    private readonly LimitOptions _limits = options.Value.Limits;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A parse may take minutes (OCR); the heartbeat keeps its lease, so the lease itself stays short.
        var lease = TimeSpan.FromSeconds(_workers.LeaseSeconds);
        var width = Math.Max(1, _workers.Concurrency);
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<DocumentRecord> batch;
            try
            {
                batch = await documents.ClaimForParsingAsync(me.Name, lease, width, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "Could not claim documents to parse; retrying");
                await Task.Delay(TimeSpan.FromMilliseconds(_workers.PollMilliseconds), stoppingToken);
                continue;
            }
            if (batch.Count == 0)
            {
                await WaitAsync(stoppingToken);
                continue;
            }
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = width, CancellationToken = CancellationToken.None },
                async (doc, _) => await ParseOneAsync(doc, lease, stoppingToken));
            signal.RowsQueued();
        }
    }

    private async Task WaitAsync(CancellationToken ct)
    {
        try
        {
            await signal.WaitForDocumentsAsync(TimeSpan.FromMilliseconds(_workers.PollMilliseconds), ct);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task ParseOneAsync(DocumentRecord doc, TimeSpan lease, CancellationToken stopping)
    {
        var owner = doc.LeaseOwner!;
        using var span = QuarryTracing.Source.StartActivity("parse document");
        using var scope = log.BeginDocumentScope(doc.Id);
        await using var heartbeat = LeaseHeartbeat.Start(c => documents.RenewAsync(doc.Id, owner, lease, c), _workers.HeartbeatInterval, stopping, log, $"document {doc.Id}");
        var ct = heartbeat.Token;
        try
        {
            await hooks.BeforeParseAsync(doc.Id, ct);
            if (doc.Attempts > _workers.MaxAttempts)
            {
                await documents.FinishParsingAsync(doc.Id, owner, null, null, DocumentErrorCodes.CorruptFile,
                    $"Reading the file failed {doc.Attempts - 1} times; it was given up.", CancellationToken.None);
                return;
            }
            var children = new ChildDocuments(doc, intake, blobs, _limits.MaxFileBytes);
            var started = Stopwatch.GetTimestamp();
            var (content, code, message) = await ReadAsync(doc, children, ct);
            string? contentSha = null;
            if (content is not null)
            {
                using var json = new MemoryStream(ContentJson.Serialize(content));
                contentSha = (await blobs.PutAsync(json, long.MaxValue, CancellationToken.None)).Sha256;
            }
            if (!await documents.FinishParsingAsync(doc.Id, owner, content?.Pages.Count, contentSha, code, message, CancellationToken.None))
            {
                log.LogWarning("Lost the lease on document {DocumentId} while parsing it; another worker has it", doc.Id);
                return;
            }
            metrics.DocumentParsed(code ?? DocumentStatuses.Completed, QuarryMetrics.Since(started));
            log.LogInformation("Parsed document {DocumentId} ({MimeType}): {Outcome}, {Children} member(s)", doc.Id, doc.MimeType, code ?? "completed", children.Count);
            if (children.Count > 0)
                signal.DocumentsQueued();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await documents.ReleaseAsync(doc.Id, owner, CancellationToken.None);
        }
        catch (OperationCanceledException) when (heartbeat.Lost)
        {
            // Another process parses it now.
        }
        catch (Exception e)
        {
            // Given back at once and tried again, up to MaxAttempts.
            log.LogError(e, "Parsing document {DocumentId} failed unexpectedly", doc.Id);
            await documents.ReleaseAsync(doc.Id, owner, CancellationToken.None);
        }
    }

    private async Task<(DocumentContent?, string?, string?)> ReadAsync(DocumentRecord doc, IChildSink children, CancellationToken stopping)
    {
        if (doc.SizeBytes == 0)
            return (null, DocumentErrorCodes.CorruptFile, "The file is empty.");
        await using var file = await blobs.OpenReadAsync(doc.Sha256, stopping);
        if (file is null)
            return (null, DocumentErrorCodes.CorruptFile, "The stored file is missing.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(TimeSpan.FromSeconds(_limits.ParseTimeoutSeconds));
        var header = new byte[FileSniffer.HeaderLength];
        var n = await file.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, stopping);
        file.Position = 0;
        var type = FileSniffer.Sniff(header.AsSpan(0, n), doc.Filename);
        try
        {
            // Readers such as PdfPig work synchronously and cannot be interrupted mid-page; the timeout still frees
            // this worker, and the abandoned read ends on its own.
            var context = new ReadContext(doc.Filename, _limits.ToReaderLimits(), doc.Depth, children, ocr);
            var read = Task.Run(() => readers.ReadAsync(file, type, context, timeout.Token), CancellationToken.None);
            var content = await read.WaitAsync(timeout.Token);
            return (content, null, null);
        }
        catch (DocumentReadException e)
        {
            return (null, e.Code, e.Message);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return (null, DocumentErrorCodes.FileTooLarge, $"Reading the file took longer than {_limits.ParseTimeoutSeconds} seconds.");
        }
    }
}
