namespace Quarry.Client;

/// <summary><c>/v1/jobs</c>: run a schema over documents, follow and cancel the run.</summary>
public sealed class JobsClient
{
    private readonly QuarryHttp _http;
    private readonly TimeProvider _time;

    internal JobsClient(QuarryHttp http, TimeProvider time)
    {
        _http = http;
        _time = time;
    }

    /// <summary>Creates a job (status <c>queued</c>); its rows fill in phase by phase and can be read at once.</summary>
    public Task<Job> CreateAsync(NewJob job, string? idempotencyKey = null, CancellationToken ct = default) =>
        _http.SendJsonAsync<Job>(HttpMethod.Post, "v1/jobs", job, idempotencyKey, ct);

    public Task<Page<Job>> ListAsync(JobListRequest? request = null, CancellationToken ct = default) =>
        _http.GetAsync<Page<Job>>(new Query("v1/jobs").Add("status", request?.Status).Add("limit", request?.Limit)
            .Add("cursor", request?.Cursor).ToString(), ct);

    public IAsyncEnumerable<Job> ListAllAsync(string? status = null, CancellationToken ct = default) =>
        Pager.AllAsync((cursor, token) => ListAsync(new JobListRequest(status, Pager.MaxLimit, cursor), token), ct);

    public Task<Job> GetAsync(Guid id, CancellationToken ct = default) => _http.GetAsync<Job>($"v1/jobs/{Query.Id(id)}", ct);

    /// <summary>Cancels a running job; rows already written stay readable. A job that already ended gives <see cref="QuarryConflictException"/>.</summary>
    public Task<Job> CancelAsync(Guid id, string? idempotencyKey = null, CancellationToken ct = default) =>
        _http.SendJsonAsync<Job>(HttpMethod.Post, $"v1/jobs/{Query.Id(id)}/cancel", null, idempotencyKey, ct);

    /// <summary>
    /// Polls the job every <paramref name="pollInterval"/> (default one second) until it ended, calling
    /// <paramref name="onProgress"/> with every state seen, and returns the final state.
    /// </summary>
    public async Task<Job> WaitAsync(Guid id, TimeSpan? pollInterval = null, Action<Job>? onProgress = null, CancellationToken ct = default)
    {
        var every = pollInterval ?? TimeSpan.FromSeconds(1);
        while (true)
        {
            var job = await GetAsync(id, ct);
            onProgress?.Invoke(job);
            if (job.HasEnded)
                return job;
            await Task.Delay(every, _time, ct);
        }
    }
}
