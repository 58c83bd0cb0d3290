using Quarry.Data;

namespace Quarry.Server.Webhooks;

/// <summary>
/// What an attempt's result means for its delivery: 2xx delivered; 410 Gone failed for good, and the subscription is
/// disabled; anything else (another status, a redirect, a timeout, no connection) is tried again after the next wait
/// of the schedule, until the schedule is used up.
/// </summary>
public static class DeliveryPolicy
{
    public static AttemptOutcome Decide(SendResult result, int roundAttempts, IReadOnlyList<TimeSpan> schedule, double unitRandom, DateTimeOffset now)
    {
        var ms = (int)Math.Min(int.MaxValue, result.Duration.TotalMilliseconds);
        if (result.Status is >= 200 and < 300)
            return new AttemptOutcome(AttemptResult.Delivered, result.Status, null, ms, null);
        if (result.Status == 410)
            return new AttemptOutcome(AttemptResult.Gone, result.Status, "The receiver answered 410 Gone: the webhook was disabled.", ms, null);
        return RetryBackoff.NextDelay(schedule, roundAttempts, unitRandom) is { } wait
            ? new AttemptOutcome(AttemptResult.Retry, result.Status, result.Error, ms, now + wait)
            : new AttemptOutcome(AttemptResult.Exhausted, result.Status, result.Error, ms, null);
    }
}
