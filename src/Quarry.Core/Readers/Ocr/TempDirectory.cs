namespace Quarry.Core.Readers.Ocr;

/// <summary>
/// A private folder for the files that OCR tools need on disk (an image, a PDF, rendered pages). It is created
/// readable by its owner only and removed with everything in it on dispose, whatever happened meanwhile.
/// </summary>
internal sealed class TempDirectory : IDisposable
{
    private TempDirectory(string path) => FullPath = path;

    public string FullPath { get; }

    public static TempDirectory Create() => new(Directory.CreateTempSubdirectory("quarry-ocr-").FullName);

    public string PathOf(string fileName) => Path.Combine(FullPath, fileName);

    public void Dispose()
    {
        try
        {
            Directory.Delete(FullPath, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a file still held open elsewhere must not turn a finished read into a failure.
        }
    }
}
