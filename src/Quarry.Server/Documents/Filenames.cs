namespace Quarry.Server.Documents;

/// <summary>
/// Cleans a client-given file name for display. Names are never used as paths on disk (blobs live under their
/// hash), but they are shown and exported, so control characters, traversal segments and absurd lengths go.
/// </summary>
public static class Filenames
{
    public const int MaxLength = 512;

    public static string Clean(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return "upload";
        var chars = name.Replace('\\', '/').Where(c => !char.IsControl(c)).ToArray();
        var segments = new string(chars).Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(s => s is not ("." or ".."));
        var clean = string.Join('/', segments);
        if (clean.Length == 0)
            return "upload";
        return clean.Length <= MaxLength ? clean : clean[^MaxLength..];
    }
}
