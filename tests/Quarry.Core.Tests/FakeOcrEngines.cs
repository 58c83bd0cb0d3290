using Quarry.Core.Documents;
using Quarry.Core.Readers;
using Quarry.Core.Readers.Ocr;

namespace Quarry.Core.Tests;

/// <summary>An engine that must not be reached: the reader has to refuse the file before any decoder sees it.</summary>
public sealed class UnreachableOcrEngine : IOcrEngine
{
    public Task<IReadOnlyList<Page>> RecognizeAsync(string imagePath, CancellationToken ct) =>
        throw new Xunit.Sdk.XunitException("OCR ran although the file should have been refused first.");
}

/// <summary>
/// An engine that records what it was given (the image path, whether the file existed, its header, how many ran at
/// once) and answers with whatever <see cref="Answer"/> makes of the image.
/// </summary>
public sealed class RecordingOcrEngine(OcrOptions options, Func<ImageInfo, IReadOnlyList<Page>> answer) : IConfiguredOcrEngine
{
    private int _running;
    private readonly List<(string Path, ImageInfo? Header, int PngsBeside)> _calls = [];

    public OcrOptions Options { get; } = options;

    public IReadOnlyList<(string Path, ImageInfo? Header, int PngsBeside)> Calls
    {
        get { lock (_calls) return _calls.ToList(); }
    }

    public int MostAtOnce { get; private set; }

    public Exception? Throw { get; init; }

    public async Task<IReadOnlyList<Page>> RecognizeAsync(string imagePath, CancellationToken ct)
    {
        var now = Interlocked.Increment(ref _running);
        lock (_calls)
            MostAtOnce = Math.Max(MostAtOnce, now);
        try
        {
            ImageInfo? header;
            await using (var file = File.OpenRead(imagePath))
                header = ImageHeader.Read(file);
            var beside = Directory.GetFiles(Path.GetDirectoryName(imagePath)!, "*.png").Length;
            lock (_calls)
                _calls.Add((imagePath, header, beside));
            // Long enough for parallel calls to meet.
            await Task.Delay(50, ct);
            if (Throw is not null)
                throw Throw;
            return header is null ? [] : answer(header);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
