using System.Globalization;
using System.Text;

namespace Quarry.Data;

/// <summary>One page of a list, with the total matching the filters and the cursor to the next page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total, string? NextCursor)
{
    public bool HasMore => NextCursor is not null;
}

/// <summary>
/// Opaque keyset cursors: the (created_at, id) of the last item seen, so pages stay stable while rows are inserted.
/// </summary>
public static class Cursor
{
    public static string Encode(DateTimeOffset at, Guid id) =>
        Base64Url($"{at.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{id:D}");

    public static string Encode(int ordinal) => Base64Url($"o|{ordinal.ToString(CultureInfo.InvariantCulture)}");

    public static bool TryDecode(string? cursor, out DateTimeOffset at, out Guid id)
    {
        at = default;
        id = default;
        var parts = Decode(cursor)?.Split('|');
        if (parts is not { Length: 2 } || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || !Guid.TryParseExact(parts[1], "D", out id))
            return false;
        at = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    public static bool TryDecode(string? cursor, out int ordinal)
    {
        ordinal = 0;
        var parts = Decode(cursor)?.Split('|');
        return parts is { Length: 2 } && parts[0] == "o" && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ordinal);
    }

    private static string Base64Url(string s) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 200) return null;
        var b64 = cursor.Replace('-', '+').Replace('_', '/');
        b64 += new string('=', (4 - b64.Length % 4) % 4);
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(b64));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

public static class Clock
{
    /// <summary>Now, to the millisecond: what the API shows is exactly what is stored, on both databases.</summary>
    public static DateTimeOffset Now(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }
}
