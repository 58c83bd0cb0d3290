using Microsoft.Extensions.Options;
using Quarry.Data.Stores;
using Quarry.Server.Hosting;

namespace Quarry.Server.Pipeline;

/// <summary>
/// Keeps up to <c>Workers:Concurrency</c> rows in work: claims rows from the database (the source of truth), hands
/// each to the <see cref="RowProcessor"/>, and sleeps until signalled or the poll interval passes when there is none.
/// </summary>
public sealed class PipelineWorker(
    RowStore rows, RowProcessor processor, WorkSignal signal, WorkerIdentity me,
    IOptions<QuarryOptions> options, ILogger<PipelineWorker> log) : BackgroundService
{
    private readonly WorkerOptions _workers = options.Value.Workers;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lease = TimeSpan.FromSeconds(_workers.LeaseSeconds);
        var poll = TimeSpan.FromMilliseconds(_workers.PollMilliseconds);
        var inflight = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                inflight.RemoveAll(t => t.IsCompleted);
                var free = _workers.Concurrency - inflight.Count;
                var claimed = 0;
                if (free > 0)
                {
                    try
                    {
                        foreach (var claim in await rows.ClaimAsync(me.Name, lease, free, stoppingToken))
                        {
                            inflight.Add(Task.Run(() => processor.ProcessAsync(claim, stoppingToken), CancellationToken.None));
                            claimed++;
                        }
                    }
                    catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                    {
                        log.LogWarning(e, "Could not claim rows; retrying");
                    }
                }
                if (claimed > 0 && claimed == free)
                {
                    // Full: wait for a slot.
                    await Task.WhenAny(inflight);
                    continue;
                }
                if (claimed > 0)
                    continue;
                var wake = signal.WaitForRowsAsync(poll, stoppingToken);
                await (inflight.Count > 0 ? Task.WhenAny(wake, Task.WhenAny(inflight)) : (Task)wake);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        await Task.WhenAll(inflight);
    }
}
