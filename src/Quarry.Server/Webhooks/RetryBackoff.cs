using System.Globalization;

namespace Quarry.Server.Webhooks;

/// <summary>The retry schedule: when a failed attempt is tried again, and when a delivery gives up.</summary>
public static class RetryBackoff
{
    public const int MaxEntries = 50;
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(7);

    /// <summary>Jitter spreads retries of many deliveries that failed together (a receiver that was down) by ±10%.</summary>
    public const double Jitter = 0.1;

    /// <summary>
    /// The wait after the <paramref name="attemptsMade"/>-th failed attempt of a round (1 for the first attempt), or
    /// null when the schedule is used up and the delivery has failed. <paramref name="unitRandom"/> in [0, 1) picks the
    /// jitter.
    /// </summary>
    public static TimeSpan? NextDelay(IReadOnlyList<TimeSpan> schedule, int attemptsMade, double unitRandom)
    {
        var index = attemptsMade - 1;
        if (index < 0 || index >= schedule.Count)
            return null;
        var factor = 1 - Jitter + 2 * Jitter * Math.Clamp(unitRandom, 0, 1);
        return TimeSpan.FromTicks((long)(schedule[index].Ticks * factor));
    }

    /// <summary>Reads <c>1m, 5m, 30m, 4h</c>: durations with a unit (ms, s, m, h, d), separated by commas. Empty means no retry.</summary>
    public static bool Parse(string? text, out IReadOnlyList<TimeSpan> schedule, out string? error)
    {
        var list = new List<TimeSpan>();
        schedule = list;
        error = null;
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > MaxEntries)
        {
            error = $"at most {MaxEntries} retries.";
            return false;
        }
        foreach (var part in parts)
        {
            if (!TryDuration(part, out var wait))
            {
                error = $"'{part}' is not a duration such as 500ms, 30s, 5m, 4h or 1d.";
                return false;
            }
            if (wait > MaxWait)
            {
                error = $"'{part}' is longer than {MaxWait.TotalDays:0} days.";
                return false;
            }
            list.Add(wait);
        }
        return true;
    }

    private static bool TryDuration(string s, out TimeSpan wait)
    {
        wait = default;
        var unitStart = s.Length;
        while (unitStart > 0 && char.IsAsciiLetter(s[unitStart - 1])) unitStart--;
        var (number, unit) = (s[..unitStart].TrimEnd(), s[unitStart..]);
        double? perUnit = unit switch { "ms" => 0.001, "s" => 1, "m" => 60, "h" => 3600, "d" => 86_400, _ => null };
        if (perUnit is null || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || number.Length == 0)
            return false;
        wait = TimeSpan.FromSeconds(value * perUnit.Value);
        return true;
    }
}
