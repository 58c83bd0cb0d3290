using Quarry.Cli.Commands;
using Quarry.Client;

namespace Quarry.Cli.Remote;

/// <summary>
/// Uploads files and folders (walked, in name order, each file named by its path below the folder given) in requests of
/// at most <see cref="FilesPerRequest"/> files or <see cref="BytesPerRequest"/> bytes, so one bad file or a lost
/// connection costs one request, not the whole upload.
/// </summary>
public static class Uploader
{
    public const int FilesPerRequest = 50;
    public const long BytesPerRequest = 64L * 1024 * 1024;

    /// <summary>The files under <paramref name="paths"/>; a path that does not exist is a usage error, before anything is sent.</summary>
    public static List<(string Path, string Name)> Files(IEnumerable<string> paths)
    {
        var files = ExtractRunner.Expand(paths);
        if (files.Count == 0)
            throw new CliUsageException("No files to upload: the folders given are empty.");
        return files;
    }

    public static async Task<List<Document>> UploadAsync(QuarryClient client, IReadOnlyList<(string Path, string Name)> files, CancellationToken ct)
    {
        var created = new List<Document>(files.Count);
        using var progress = new LineProgress("Uploading", files.Count, "files");
        foreach (var batch in Batches(files))
        {
            created.AddRange(await client.Documents.UploadAsync(batch.Select(f => UploadFile.FromPath(f.Path, f.Name)), ct: ct));
            progress.Advance(batch.Count);
        }
        return created;
    }

    private static IEnumerable<List<(string Path, string Name)>> Batches(IReadOnlyList<(string Path, string Name)> files)
    {
        var batch = new List<(string, string)>();
        long bytes = 0;
        foreach (var f in files)
        {
            var size = new FileInfo(f.Path).Length;
            if (batch.Count > 0 && (batch.Count == FilesPerRequest || bytes + size > BytesPerRequest))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }
            batch.Add(f);
            bytes += size;
        }
        if (batch.Count > 0)
            yield return batch;
    }
}
