using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Quarry.Server.Hosting;

namespace Quarry.Server.Auth;

public readonly record struct RateDecision(bool Allowed, int Limit, int Remaining, long ResetEpochSeconds, int RetryAfterSeconds);

/// <summary>
/// A token bucket per API key: <c>Burst</c> requests at once, refilled at <c>PermitsPerSecond</c>. Kept in this
/// process's memory, so with several processes each allows the configured rate.
/// </summary>
public sealed class ApiKeyRateLimiter(IOptions<QuarryOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, Bucket> _buckets = new();
    private readonly double _rate = options.Value.RateLimit.PermitsPerSecond;
    private readonly int _burst = options.Value.RateLimit.Burst;

    public RateDecision Take(Guid keyId)
    {
        var now = time.GetUtcNow();
        var bucket = _buckets.GetOrAdd(keyId, _ => new Bucket(_burst, now));
        lock (bucket)
        {
            var elapsed = Math.Max(0, (now - bucket.Updated).TotalSeconds);
            bucket.Tokens = Math.Min(_burst, bucket.Tokens + elapsed * _rate);
            bucket.Updated = now;
            var allowed = bucket.Tokens >= 1;
            if (allowed)
                bucket.Tokens -= 1;
            var secondsToFull = (_burst - bucket.Tokens) / _rate;
            var reset = now.AddSeconds(secondsToFull).ToUnixTimeSeconds() + (secondsToFull > 0 ? 1 : 0);
            var retryAfter = allowed ? 0 : (int)Math.Ceiling((1 - bucket.Tokens) / _rate);
            return new RateDecision(allowed, _burst, (int)Math.Floor(bucket.Tokens), reset, Math.Max(retryAfter, allowed ? 0 : 1));
        }
    }

    private sealed class Bucket(double tokens, DateTimeOffset updated)
    {
        public double Tokens { get; set; } = tokens;
        public DateTimeOffset Updated { get; set; } = updated;
    }
}
