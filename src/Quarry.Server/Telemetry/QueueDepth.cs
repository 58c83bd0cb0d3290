using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Quarry.Data.Stores;
using Quarry.Server.Hosting;

namespace Quarry.Server.Telemetry;

/// <summary>
/// The queue-depth gauge's reading of the database. A scrape asks at most once per <see cref="MaxAge"/>; between
/// those it repeats the last answer, so frequent scrapes (or several scrapers) do not load the database. Counts are
/// capped at <c>Limits:MaxQueueDepth</c> × 10 so one count stays cheap on a huge backlog. A database that does not
/// answer leaves the gauge out of that scrape rather than failing it.
/// </summary>
public sealed class QueueDepth(DocumentStore documents, RowStore rows, IOptions<QuarryOptions> options, TimeProvider time, ILogger<QueueDepth> log)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private (int Documents, int Rows)? _last;
    private DateTimeOffset _at = DateTimeOffset.MinValue;

    public IEnumerable<Measurement<int>> Observe()
    {
        var reading = Read();
        if (reading is not { } r)
            return [];
        return
        [
            new Measurement<int>(r.Documents, new KeyValuePair<string, object?>("queue", "documents")),
            new Measurement<int>(r.Rows, new KeyValuePair<string, object?>("queue", "rows")),
        ];
    }

    private (int Documents, int Rows)? Read()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_last is not null && now - _at < MaxAge)
                return _last;
            var cap = Math.Max(1, options.Value.Limits.MaxQueueDepth) * 10;
            try
            {
                // Observable instruments are read synchronously by the exporter; the timeout bounds the wait.
                using var timeout = new CancellationTokenSource(QueryTimeout);
                var d = documents.CountWaitingAsync(cap, timeout.Token).GetAwaiter().GetResult();
                var r = rows.CountUnfinishedAsync(cap, timeout.Token).GetAwaiter().GetResult();
                _last = (d, r);
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Could not read the queue depth for the metrics");
                _last = null;
            }
            _at = now;
            return _last;
        }
    }
}
