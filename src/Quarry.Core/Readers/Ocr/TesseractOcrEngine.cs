using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;
using Quarry.Core.Documents;

namespace Quarry.Core.Readers.Ocr;

/// <summary>
/// OCR with the Tesseract command-line tool: <c>tesseract IMAGE stdout -l LANGS --psm 3 tsv</c>, one process per image,
/// at most <see cref="OcrOptions.EffectiveConcurrency"/> at once. Pages read with low confidence are read again as one
/// uniform block of text (<c>--psm 6</c>), which suits forms and tables that automatic layout analysis breaks apart.
/// Lines side by side are joined into rows (<see cref="RowMerger"/>), as a PDF's text layer is read.
/// </summary>
public sealed partial class TesseractOcrEngine : IConfiguredOcrEngine, IDisposable
{
    /// <summary>
    /// Below this mean word confidence (0–100) a page is read a second time with <c>--psm 6</c>. Photographed receipts
    /// typically read at 60–85 with automatic layout analysis, which drops dates and totals printed beside other text that
    /// one uniform block keeps (on SROIE's 30 scans: date F1 0.947 → 0.964, total 0.879 → 0.896 with the retry up to 85).
    /// </summary>
    private const double RetryBelowConfidence = 85;

    private const string InstallHint = "Install it with: apt-get install tesseract-ocr tesseract-ocr-eng";

    // Tesseract parallelises each page with OpenMP; with several pages at once that oversubscribes the cores and is ~5× slower.
    private static readonly Dictionary<string, string> Environment = new() { ["OMP_THREAD_LIMIT"] = "1" };

    private readonly string _executable;
    private readonly SemaphoreSlim _slots;

    public TesseractOcrEngine(OcrOptions options)
        : this(options, "tesseract")
    {
    }

    /// <summary>Uses another executable than <c>tesseract</c> on the PATH (tests).</summary>
    internal TesseractOcrEngine(OcrOptions options, string executable)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Passed as one argument, never through a shell; still, only language codes make sense here.
        if (!LanguagesPattern().IsMatch(options.Languages))
            throw new ArgumentException($"'{options.Languages}' is not a list of Tesseract languages such as eng or eng+deu.", nameof(options));
        Options = options;
        _executable = executable;
        _slots = new SemaphoreSlim(options.EffectiveConcurrency);
    }

    public OcrOptions Options { get; }

    public async Task<IReadOnlyList<Page>> RecognizeAsync(string imagePath, CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds((double)Options.PageTimeoutSeconds * CountFrames(imagePath));
        var pages = await RunAsync(imagePath, 3, timeout, ct);
        if (pages.Any(IsDoubtful))
        {
            var retry = (await RunAsync(imagePath, 6, timeout, ct)).ToDictionary(p => p.Number);
            pages = pages
                .Select(p => IsDoubtful(p) && retry.TryGetValue(p.Number, out var again) && Score(again) > Score(p) ? again : p)
                .ToList();
        }
        return pages.Select(p => p with { Lines = RowMerger.Merge(p.Lines) }).ToList();
    }

    public void Dispose() => _slots.Dispose();

    private static bool IsDoubtful(Page page)
    {
        var words = page.Lines.SelectMany(l => l.Words).ToList();
        return words.Count > 0 && words.Average(w => w.Confidence ?? 0) * 100 < RetryBelowConfidence;
    }

    /// <summary>Mean confidence × word count: a reading that finds more words as surely wins over one that finds fewer.</summary>
    private static double Score(Page page) => page.Lines.Sum(l => l.Words.Sum(w => w.Confidence ?? 0));

    private async Task<IReadOnlyList<Page>> RunAsync(string imagePath, int pageSegmentation, TimeSpan timeout, CancellationToken ct)
    {
        string[] arguments = [imagePath, "stdout", "-l", Options.Languages, "--psm", pageSegmentation.ToString(CultureInfo.InvariantCulture), "tsv"];
        CliResult result;
        await _slots.WaitAsync(ct);
        try
        {
            result = await CliTool.RunAsync(_executable, arguments, timeout, ct, Environment);
        }
        catch (Win32Exception e)
        {
            throw new DocumentReadException(DocumentErrorCodes.OcrUnavailable,
                $"OCR is not available: the Tesseract program '{_executable}' could not be started ({e.Message}). {InstallHint}", e);
        }
        catch (TimeoutException e)
        {
            throw new DocumentReadException(DocumentErrorCodes.FileTooLarge,
                $"OCR took too long: the image was not read within {timeout.TotalSeconds:0} seconds ({Options.PageTimeoutSeconds} s per page).", e);
        }
        finally
        {
            _slots.Release();
        }

        // Tesseract goes on with the languages it has when some are missing; we refuse, since text in the missing ones would be garbled.
        var missing = MissingLanguagePattern().Matches(result.StandardError).Select(m => m.Groups[1].Value).Distinct().ToList();
        if (missing.Count > 0)
            throw new DocumentReadException(DocumentErrorCodes.OcrUnavailable,
                $"OCR is not available for the language(s) {string.Join(", ", missing)}: Tesseract has no language data for them. " +
                $"Install it with: apt-get install {string.Join(' ', missing.Select(PackageOf))}");
        if (result.ExitCode != 0)
            throw new DocumentReadException(DocumentErrorCodes.CorruptFile,
                $"The image could not be read by OCR: {LastLine(result.StandardError)}");
        return TesseractTsv.Parse(result.StandardOutput);
    }

    /// <summary>The per-page time bound grows with the frames of a multi-page TIFF; other images have one.</summary>
    private static int CountFrames(string imagePath)
    {
        try
        {
            using var file = File.OpenRead(imagePath);
            return Math.Max(1, ImageHeader.Read(file)?.Frames.Count ?? 1);
        }
        catch (IOException)
        {
            return 1;
        }
    }

    private static string PackageOf(string language) =>
        "tesseract-ocr-" + language.Replace('_', '-').ToLowerInvariant();

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "Tesseract failed without saying why." : string.Join(" ", lines.TakeLast(3));
    }

    [GeneratedRegex("^[A-Za-z_]+(\\+[A-Za-z_]+)*$")]
    private static partial Regex LanguagesPattern();

    [GeneratedRegex("Failed loading language '([^']+)'")]
    private static partial Regex MissingLanguagePattern();
}
