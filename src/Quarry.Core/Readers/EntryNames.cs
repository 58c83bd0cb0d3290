using System.Text;

namespace Quarry.Core.Readers;

/// <summary>
/// Makes the name of a container member safe to show and to use as a relative path: a hostile archive may name
/// entries "../../etc/passwd", "/etc/passwd" or "C:\Windows\x" (zip slip), or hide control characters in them.
/// </summary>
public static class EntryNames
{
    /// <summary>A relative path of clean segments: backslashes become '/', drive letters, leading slashes, '.' segments and control characters go, '..' steps back but never above the start. Never empty: <paramref name="fallback"/> stands in.</summary>
    public static string Sanitize(string? name, string fallback)
    {
        var segments = Segments(name);
        return segments.Count == 0 ? fallback : string.Join('/', segments);
    }

    /// <summary>Only the last segment of the sanitized name: e-mail attachments are files, not paths.</summary>
    public static string FileName(string? name, string fallback)
    {
        var segments = Segments(name);
        return segments.Count == 0 ? fallback : segments[^1];
    }

    private static List<string> Segments(string? name)
    {
        var clean = new StringBuilder(name?.Length ?? 0);
        foreach (var c in name ?? "")
        {
            if (!char.IsControl(c))
                clean.Append(c == '\\' ? '/' : c);
        }
        // ".." steps back within the name ("a/b/../c" is "a/c") but never above its start.
        var segments = new List<string>();
        foreach (var s in clean.ToString().Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (s == "..")
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
            }
            else if (s != ".")
                segments.Add(s);
        }
        // "C:" alone is a drive; "C:x.txt" is a drive-relative path whose file is "x.txt".
        if (segments.Count > 0 && IsDrivePrefixed(segments[0]))
        {
            var rest = segments[0][2..].Trim();
            if (rest.Length == 0 || rest is "." or "..")
                segments.RemoveAt(0);
            else
                segments[0] = rest;
        }
        return segments;
    }

    private static bool IsDrivePrefixed(string segment) =>
        segment.Length >= 2 && segment[1] == ':' && char.IsAsciiLetter(segment[0]);
}
