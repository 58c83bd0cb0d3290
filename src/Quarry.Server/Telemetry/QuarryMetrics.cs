using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Quarry.Server.Telemetry;

/// <summary>
/// The server's own metrics, on the meter <see cref="MeterName"/>. The pipeline and the webhook dispatcher call these
/// methods and nothing else, so what they measure is listed here in one place. Names follow OpenTelemetry's
/// conventions; the Prometheus endpoint renders <c>quarry.phase.duration</c> (unit s) as
/// <c>quarry_phase_duration_seconds</c> and counters with a <c>_total</c> suffix.
/// </summary>
public sealed class QuarryMetrics
{
    public const string MeterName = "Quarry";

    /// <summary>
    /// Bucket bounds in seconds, from a millisecond (a phase on a small document) to two minutes (OCR of a long scan).
    /// Without them the exporter's defaults (0, 5, 10, 25 … 10,000) would suit milliseconds, not seconds.
    /// </summary>
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    };

    private readonly Counter<long> _ingested;
    private readonly Histogram<double> _parse;
    private readonly Histogram<double> _phase;
    private readonly Histogram<double> _rowStore;
    private readonly Counter<long> _rows;
    private readonly Counter<long> _webhooks;
    private readonly Counter<long> _agentTokens;

    public QuarryMetrics(IMeterFactory meters, QueueDepth queue)
    {
        var meter = meters.Create(MeterName);
        _ingested = meter.CreateCounter<long>("quarry.documents.ingested", "{document}",
            "Documents parsed, by outcome (completed, or the error code they ended with).");
        _parse = meter.CreateHistogram<double>("quarry.document.parse.duration", "s",
            "Time to parse one document (text layer, OCR, office, archive) and store its content.", tags: null, advice: Seconds);
        _phase = meter.CreateHistogram<double>("quarry.phase.duration", "s",
            "Time one phase took on one row, without the database write that follows it.", tags: null, advice: Seconds);
        _rowStore = meter.CreateHistogram<double>("quarry.row.store.duration", "s",
            "Database and blob time of one row: loading its document and cells (load), writing it after a phase (write).", tags: null, advice: Seconds);
        _rows = meter.CreateCounter<long>("quarry.rows.completed", "{row}", "Rows that went through all four phases, by final status.");
        _webhooks = meter.CreateCounter<long>("quarry.webhook.deliveries", "{attempt}",
            "Webhook delivery attempts, by outcome (delivered, retry, exhausted, interrupted).");
        _agentTokens = meter.CreateCounter<long>("quarry.agent.tokens", "{token}",
            "Language-model tokens used by phase 2. Stays 0 until phase 2 calls a model: today it never does.");
        meter.CreateObservableGauge("quarry.queue.depth", queue.Observe, "{item}",
            "Work waiting in the database: documents to parse (queue=documents), rows of running jobs with phases to do (queue=rows).");

        // Recorded once so the series exists (at 0) for dashboards and alerts before any model is configured.
        _agentTokens.Add(0, new KeyValuePair<string, object?>("direction", "input"));
        _agentTokens.Add(0, new KeyValuePair<string, object?>("direction", "output"));
    }

    public void DocumentParsed(string outcome, TimeSpan took)
    {
        _ingested.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        _parse.Record(took.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
    }

    public void PhaseRan(string phase, TimeSpan took) => _phase.Record(took.TotalSeconds, new KeyValuePair<string, object?>("phase", phase));

    public void RowStored(string operation, TimeSpan took) =>
        _rowStore.Record(took.TotalSeconds, new KeyValuePair<string, object?>("operation", operation));

    public void RowCompleted(string status) => _rows.Add(1, new KeyValuePair<string, object?>("status", status));

    public void WebhookAttempted(string outcome) => _webhooks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>For phase 2 once it calls a model; nothing calls it yet.</summary>
    public void AgentTokensUsed(long input, long output)
    {
        _agentTokens.Add(input, new KeyValuePair<string, object?>("direction", "input"));
        _agentTokens.Add(output, new KeyValuePair<string, object?>("direction", "output"));
    }

    /// <summary>Elapsed time since <paramref name="start"/> (a <see cref="Stopwatch.GetTimestamp"/>), for the calls above.</summary>
    public static TimeSpan Since(long start) => Stopwatch.GetElapsedTime(start);
}
