using System.Diagnostics;
using System.Globalization;
using Quarry.Core.Readers;
using Quarry.Core.Readers.Ocr;
using Quarry.Testing;
using UglyToad.PdfPig;

// Ingestion throughput against the tools it wraps, on the same files in the same run:
//   text PDFs through Quarry's reader vs PdfPig's GetWords directly;
//   scanned pages through Quarry's OCR vs the tesseract CLI directly;
//   peak memory while reading a 500-page PDF vs a 50-page one (each in a fresh process).
// Usage: dotnet run -c Release --project bench/ingest -- [textPdfs=300] [ocrPages=6]
//        dotnet run -c Release --project bench/ingest -- memory PAGES   (prints peak RSS in MiB)

var inv = CultureInfo.InvariantCulture;
if (args is ["memory", var pagesArg])
{
    var pages = int.Parse(pagesArg, inv);
    var pdf = BenchFiles.LongPdf(pages);
    var content = await new PdfTextReader().ReadAsync(new MemoryStream(pdf), new ReadContext("long.pdf", new ReaderLimits(MaxPages: pages)), default);
    Console.WriteLine(string.Create(inv, $"{pages}\t{content.WordCount}\t{PeakRssMiB():F1}\t{pdf.Length / 1024.0:F0}"));
    return 0;
}

var textCount = args.Length > 0 ? int.Parse(args[0], inv) : 300;
var ocrCount = args.Length > 1 ? int.Parse(args[1], inv) : 6;
var work = Directory.CreateTempSubdirectory("quarry-bench-ingest");
try
{
    Console.WriteLine($"# Ingestion benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores");
    Console.WriteLine();
    Console.WriteLine("| what | files | Quarry | baseline | Quarry / baseline |");
    Console.WriteLine("|---|---|---|---|---|");

    // Text PDFs: one page each, varied layouts.
    var pdfs = Enumerable.Range(0, textCount).Select(BenchFiles.InvoicePdf).ToList();
    var reader = new PdfTextReader();
    await reader.ReadAsync(new MemoryStream(pdfs[0]), ReadContext.For("warm.pdf"), default); // JIT
    CountWords(pdfs[0]);
    var quarry = Time(() => { foreach (var p in pdfs) reader.ReadAsync(new MemoryStream(p), ReadContext.For("x.pdf"), default).GetAwaiter().GetResult(); });
    var pdfpig = Time(() => { foreach (var p in pdfs) CountWords(p); });
    Row("text PDF pages", textCount, textCount / quarry, textCount / pdfpig, "pages/s", quarry / pdfpig);

    // Scanned pages: PNG images rendered by pdftoppm at 300 dpi.
    var images = new List<string>();
    for (var i = 0; i < ocrCount; i++)
    {
        var pdfPath = Path.Combine(work.FullName, $"scan{i}.pdf");
        await File.WriteAllBytesAsync(pdfPath, BenchFiles.InvoicePdf(i));
        Run("pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", pdfPath, Path.Combine(work.FullName, $"scan{i}"));
        images.Add(Path.Combine(work.FullName, $"scan{i}.png"));
    }
    foreach (var concurrency in new[] { 1, Environment.ProcessorCount })
    {
        using var engine = new TesseractOcrEngine(new OcrOptions(Concurrency: concurrency));
        var imageReader = new ImageReader();
        var context = new ReadContext("scan.png", new ReaderLimits(), Ocr: engine);
        var ocr = await TimeAsync(() => Parallel.ForEachAsync(images, new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (img, ct) => { await using var f = File.OpenRead(img); await imageReader.ReadAsync(f, context, ct); }));
        var cli = await TimeAsync(() => Parallel.ForEachAsync(images, new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            (img, _) => { Run("tesseract", img, "stdout", "-l", "eng", "tsv"); return ValueTask.CompletedTask; }));
        Row($"OCR pages, {concurrency} at once", ocrCount, ocrCount / ocr, ocrCount / cli, "pages/s", ocr / cli);
    }

    // Memory: a fresh process per size, peak resident set size at the end.
    Console.WriteLine();
    Console.WriteLine("| PDF pages | words | peak RSS (MiB) | file (KiB) |");
    Console.WriteLine("|---|---|---|---|");
    foreach (var pages in new[] { 50, 500 })
    {
        var line = Run("dotnet", typeof(BenchFiles).Assembly.Location.Replace("Quarry.Testing.dll", "Quarry.Bench.Ingest.dll", StringComparison.Ordinal), "memory", pages.ToString(inv));
        Console.WriteLine("| " + string.Join(" | ", line.Trim().Split('\t')) + " |");
    }
    return 0;
}
finally
{
    work.Delete(recursive: true);
}

void Row(string what, int files, double quarryRate, double baselineRate, string unit, double ratio) =>
    Console.WriteLine(string.Create(inv, $"| {what} | {files} | {quarryRate:F1} {unit} | {baselineRate:F1} {unit} | {ratio:F2} (time) |"));

static int CountWords(byte[] pdf)
{
    using var doc = PdfDocument.Open(pdf);
    return doc.GetPages().Sum(p => p.GetWords().Count());
}

static double Time(Action a)
{
    var sw = Stopwatch.StartNew();
    a();
    return sw.Elapsed.TotalSeconds;
}

static async Task<double> TimeAsync(Func<Task> a)
{
    var sw = Stopwatch.StartNew();
    await a();
    return sw.Elapsed.TotalSeconds;
}

static string Run(string file, params string[] args)
{
    var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in args) psi.ArgumentList.Add(a);
    psi.Environment["OMP_THREAD_LIMIT"] = "1";
    using var p = Process.Start(psi)!;
    var stdout = p.StandardOutput.ReadToEndAsync();
    _ = p.StandardError.ReadToEndAsync();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"{file} failed with {p.ExitCode}");
    return stdout.Result;
}

static double PeakRssMiB()
{
    var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}
