using System.Diagnostics;
using Quarry.Core.Readers;
using Quarry.Core.Readers.Ocr;

namespace Quarry.Core.Tests;

public sealed class TesseractOcrEngineTests : IDisposable
{
    private const string Header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";

    /// <summary>A folder for stand-in tesseract scripts, their canned answers and what they record.</summary>
    private readonly string _dir = Directory.CreateTempSubdirectory("quarry-tesseract-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Tsv(params (string Text, int Conf)[] words) =>
        Header + "1\t1\t0\t0\t0\t0\t0\t0\t1000\t800\t-1\t\n"
        + string.Concat(words.Select((w, i) => $"5\t1\t1\t1\t1\t{i + 1}\t{10 + i * 100}\t10\t80\t20\t{w.Conf}\t{w.Text}\n"));

    /// <summary>
    /// A stand-in for tesseract: logs its arguments and OMP_THREAD_LIMIT, notes when two runs overlap, then runs
    /// <paramref name="body"/> and prints psm3.tsv or psm6.tsv by the page segmentation mode it was asked for.
    /// </summary>
    private string FakeTesseract(string body = "", string? psm3 = null, string? psm6 = null)
    {
        File.WriteAllText(Path.Combine(_dir, "psm3.tsv"), psm3 ?? Tsv(("Invoice", 95)));
        File.WriteAllText(Path.Combine(_dir, "psm6.tsv"), psm6 ?? Tsv(("Invoice", 95)));
        var script = Path.Combine(_dir, "tesseract");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            d='{{_dir}}'
            echo "$* OMP=$OMP_THREAD_LIMIT" >> "$d/calls"
            mkdir "$d/running" 2>/dev/null || echo overlap >> "$d/overlaps"
            {{body}}
            rmdir "$d/running" 2>/dev/null
            case "$*" in *"--psm 6"*) cat "$d/psm6.tsv" ;; *) cat "$d/psm3.tsv" ;; esac

            """.Replace("\r", "", StringComparison.Ordinal));
        // The stand-in is a shell script, as the service runs on Linux; Windows has no executable bit to set.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    private string[] Calls() => File.Exists(Path.Combine(_dir, "calls")) ? File.ReadAllLines(Path.Combine(_dir, "calls")) : [];

    private string Image()
    {
        var path = Path.Combine(_dir, "scan file.png");
        File.WriteAllBytes(path, ImageHeaderTests.Headers.Png(1000, 800));
        return path;
    }

    [Fact]
    public async Task RunsTesseractWithTsvOutputOneThreadAndTheLanguages()
    {
        using var engine = new TesseractOcrEngine(new OcrOptions(Languages: "eng+deu"), FakeTesseract());
        var image = Image();
        var page = (await engine.RecognizeAsync(image, CancellationToken.None)).Single();

        Assert.Equal("Invoice", page.Lines.Single().Text);
        // The path with its space arrives as one argument: no shell in between.
        Assert.Equal([$"{image} stdout -l eng+deu --psm 3 tsv OMP=1"], Calls());
    }

    public static TheoryData<string, string, string, string[]> Retries => new()
    {
        // confident enough: no second run
        { "sure", Tsv(("Total", 95), ("12.00", 88)), Tsv(("never", 99)), ["Total 12.00"] },
        // doubtful, and the uniform-block reading is surer
        { "better", Tsv(("T0ta1", 40), ("l2.O0", 30)), Tsv(("Total", 90), ("12.00", 85)), ["Total 12.00"] },
        // doubtful, but the second reading is worse
        { "worse", Tsv(("T0tal", 55), ("12.00", 50)), Tsv(("Tota", 30)), ["T0tal 12.00"] },
        // fewer words, each surer: mean × count decides (1 × 0.9 < 2 × 0.5)
        { "fewer", Tsv(("Total", 50), ("12.00", 50)), Tsv(("Total12.00", 90)), ["Total 12.00"] },
    };

    [Theory]
    [MemberData(nameof(Retries))]
    public async Task DoubtfulPagesAreReadAgainAsOneBlockAndTheBetterReadingKept(string name, string psm3, string psm6, string[] expected)
    {
        using var engine = new TesseractOcrEngine(new OcrOptions(), FakeTesseract(psm3: psm3, psm6: psm6));
        var page = (await engine.RecognizeAsync(Image(), CancellationToken.None)).Single();

        Assert.Equal(expected, page.Lines.Select(l => l.Text).ToArray());
        Assert.Equal(name == "sure" ? 1 : 2, Calls().Length);
    }

    [Fact]
    public async Task ATesseractThatHangsIsKilledAfterThePageTimeout()
    {
        var pidFile = Path.Combine(_dir, "sleep.pid");
        using var engine = new TesseractOcrEngine(new OcrOptions(PageTimeoutSeconds: 1), FakeTesseract($"sleep 60 & echo $! > '{pidFile}'; wait"));
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<DocumentReadException>(() => engine.RecognizeAsync(Image(), CancellationToken.None));

        Assert.Equal(DocumentErrorCodes.FileTooLarge, e.Code);
        Assert.Contains("OCR took too long", e.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        // The whole process tree went, not only the shell.
        var sleeper = int.Parse(await File.ReadAllTextAsync(pidFile), System.Globalization.CultureInfo.InvariantCulture);
        // Killing a tree is asynchronous: give the kernel a moment before calling the child a survivor.
        var gone = false;
        for (var i = 0; i < 40 && !gone; i++)
        {
            gone = !await IsRunningAsync(sleeper);
            if (!gone) await Task.Delay(50);
        }
        Assert.True(gone, "the child of the timed-out tesseract still runs");
    }

    /// <summary>A process is running while /proc has it in a state other than zombie; it may vanish between two looks.</summary>
    private static async Task<bool> IsRunningAsync(int pid)
    {
        try
        {
            var status = await File.ReadAllTextAsync($"/proc/{pid}/status");
            return !status.Contains("zombie", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [Fact]
    public async Task CancellingStopsTesseract()
    {
        using var engine = new TesseractOcrEngine(new OcrOptions(), FakeTesseract("sleep 60"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.RecognizeAsync(Image(), cancel.Token));
    }

    [Fact]
    public async Task NoMoreTesseractsRunAtOnceThanTheConcurrencyAllows()
    {
        using var engine = new TesseractOcrEngine(new OcrOptions(Concurrency: 1), FakeTesseract("sleep 0.2"));
        var image = Image();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => engine.RecognizeAsync(image, CancellationToken.None)));
        Assert.Equal(4, Calls().Length);
        Assert.False(File.Exists(Path.Combine(_dir, "overlaps")), "two tesseract processes ran at once");
    }

    [Fact]
    public async Task AFailingTesseractMeansAnUnreadableImage()
    {
        using var engine = new TesseractOcrEngine(new OcrOptions(), FakeTesseract("echo 'Error in pixReadStream: Unknown format: no pix returned' >&2; exit 1"));
        var e = await Assert.ThrowsAsync<DocumentReadException>(() => engine.RecognizeAsync(Image(), CancellationToken.None));
        Assert.Equal(DocumentErrorCodes.CorruptFile, e.Code);
        Assert.Contains("Unknown format", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/nonexistent/bin/tesseract")]
    [InlineData("no-such-tesseract-on-the-path")]
    public async Task AMissingTesseractMeansOcrIsUnavailableWithAnInstallHint(string executable)
    {
        using var engine = new TesseractOcrEngine(new OcrOptions(), executable);
        var e = await Assert.ThrowsAsync<DocumentReadException>(() => engine.RecognizeAsync(Image(), CancellationToken.None));
        Assert.Equal(DocumentErrorCodes.OcrUnavailable, e.Code);
        Assert.Contains("apt-get install tesseract-ocr tesseract-ocr-eng", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qqq", "tesseract-ocr-qqq")]
    // Tesseract would go on with English alone; text in the missing language would come out garbled
    [InlineData("eng+chi_qqq", "tesseract-ocr-chi-qqq")]
    public async Task AMissingLanguagePackMeansOcrIsUnavailable(string languages, string package)
    {
        // The real tesseract: it fails on the language before it reads the image.
        using var engine = new TesseractOcrEngine(new OcrOptions(Languages: languages));
        var e = await Assert.ThrowsAsync<DocumentReadException>(() => engine.RecognizeAsync(Image(), CancellationToken.None));
        Assert.Equal(DocumentErrorCodes.OcrUnavailable, e.Code);
        Assert.Contains($"apt-get install {package}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("eng deu")]
    [InlineData("eng+")]
    [InlineData("-c tessedit_write_images=1")]
    public void LanguagesMustBeTesseractLanguageCodes(string languages) =>
        Assert.Throws<ArgumentException>(() => new TesseractOcrEngine(new OcrOptions(Languages: languages)));

    [Fact]
    public void TheEngineTellsItsOptions()
    {
        var options = new OcrOptions(Dpi: 150);
        using var engine = new TesseractOcrEngine(options);
        Assert.Same(options, ((IConfiguredOcrEngine)engine).Options);
    }
}
