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
        var clean = Core.Readers.EntryNames.Sanitize(name, "upload");
        return clean.Length <= MaxLength ? clean : clean[^MaxLength..];
    }
}
