using Quarry.Core.Extraction.Calibration;
using System.ComponentModel.DataAnnotations;

namespace Quarry.Server.Hosting;

/// <summary>Everything under the <c>Quarry</c> configuration section. Defaults suit one laptop; validated at start.</summary>
public sealed class QuarryOptions : IValidatableObject
{
    public const string Section = "Quarry";

    /// <summary>Where the embedded database and the blobs live.</summary>
    [Required]
    public string DataDir { get; set; } = "./quarry-data";

    /// <summary>What this process does: <c>all</c> (default), <c>api</c> or <c>worker</c>. See <see cref="QuarryRole"/>.</summary>
    public string Role { get; set; } = "all";

    /// <summary><see cref="Role"/> as a value; <c>all</c> when it does not parse (validation reports that).</summary>
    public QuarryRole ParsedRole => QuarryRoles.TryParse(Role, out var role) ? role : QuarryRole.All;

    public DatabaseOptions Database { get; set; } = new();
    public BlobOptions Blobs { get; set; } = new();
    public RateLimitOptions RateLimit { get; set; } = new();
    public WorkerOptions Workers { get; set; } = new();
    public ReviewOptions Review { get; set; } = new();
    public LimitOptions Limits { get; set; } = new();
    public OcrSettings Ocr { get; set; } = new();
    public Agent.AgentOptions Agent { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var results = new List<ValidationResult>();
        foreach (var part in new object[] { Database, Blobs, RateLimit, Workers, Review, Limits, Ocr, Agent })
            Validator.TryValidateObject(part, new ValidationContext(part), results, validateAllProperties: true);
        results.AddRange(Agent.Check());
        if (!string.IsNullOrWhiteSpace(Review.CalibrationFile) && !File.Exists(Review.CalibrationFile))
            results.Add(new ValidationResult($"Quarry:Review:CalibrationFile '{Review.CalibrationFile}' does not exist."));
        if (!QuarryRoles.TryParse(Role, out _))
            results.Add(new ValidationResult($"{QuarryRoles.ConfigKey} must be 'api', 'worker' or 'all', not '{Role}'."));
        if (Blobs.Store is not (BlobOptions.Folder or BlobOptions.Database))
            results.Add(new ValidationResult($"Quarry:Blobs:Store must be '{BlobOptions.Folder}' or '{BlobOptions.Database}', not '{Blobs.Store}'."));
        if (Database.Provider is not ("sqlite" or "postgres"))
            results.Add(new ValidationResult($"Quarry:Database:Provider must be 'sqlite' or 'postgres', not '{Database.Provider}'."));
        return results;
    }
}

public sealed class DatabaseOptions
{
    /// <summary><c>sqlite</c> (embedded, in DataDir) or <c>postgres</c> (ConnectionStrings:Quarry).</summary>
    public string Provider { get; set; } = "sqlite";
}

/// <summary>Where original files and parsed content live. Every process of one installation must see the same store.</summary>
public sealed class BlobOptions
{
    public const string Folder = "folder";
    public const string Database = "database";

    /// <summary>
    /// <c>folder</c> (files under <see cref="Path"/>; several processes share it when it is a shared folder) or
    /// <c>database</c> (a table in the configured database, so processes need to share nothing else).
    /// </summary>
    public string Store { get; set; } = Folder;

    /// <summary>The folder of the <c>folder</c> store; empty means <c>blobs</c> under DataDir.</summary>
    public string? Path { get; set; }
}

public sealed class RateLimitOptions
{
    /// <summary>Sustained requests per second per API key.</summary>
    [Range(0.001, 1_000_000)]
    public double PermitsPerSecond { get; set; } = 50;

    /// <summary>Requests a key may make at once before the sustained rate applies.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 100;
}

public sealed class WorkerOptions
{
    /// <summary>
    /// Documents parsed and rows processed at once by this process; 0 runs no pipeline worker (an API-only process).
    /// Four per core: much of each item's time is spent waiting on the database and the blob store, and with one or
    /// two per core the cores sat half idle (bench/throughput: 70 documents/s at two per core, 101 at four).
    /// </summary>
    [Range(0, 256)]
    public int Concurrency { get; set; } = 4 * Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// How long a claim on a row or document holds before another process may take it over. The holder renews it
    /// every third of this while it works (a heartbeat), so a long phase keeps its claim and this only bounds how long
    /// the work of a process that died waits before another process resumes it.
    /// </summary>
    [Range(1, 3600)]
    public int LeaseSeconds { get; set; } = 15;

    /// <summary>How often a claim is renewed while its work runs: a third of the lease.</summary>
    public TimeSpan HeartbeatInterval => TimeSpan.FromSeconds(LeaseSeconds / 3.0);

    /// <summary>How often an idle worker looks for work another process may have queued.</summary>
    [Range(10, 60_000)]
    public int PollMilliseconds { get; set; } = 500;

    /// <summary>Attempts at a row or a document before it is marked failed rather than retried again.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;
}

public sealed class ReviewOptions
{
    /// <summary>Rows at or above this confidence and without flags are approved; others go to review.</summary>
    [Range(0.0, 1.0)]
    public double Threshold { get; set; } = 0.8;

    /// <summary>
    /// A calibration table fitted with <c>quarry calibrate</c> on the user's own labelled documents; empty for the
    /// table shipped with Quarry.
    /// </summary>
    public string? CalibrationFile { get; set; }

    public ConfidenceCalibration LoadCalibration()
    {
        if (string.IsNullOrWhiteSpace(CalibrationFile))
            return ConfidenceCalibration.Default;
        try
        {
            return ConfidenceCalibration.Parse(File.ReadAllText(CalibrationFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            throw new InvalidOperationException($"Quarry:Review:CalibrationFile '{CalibrationFile}' cannot be read as a calibration table: {e.Message}", e);
        }
    }
}

public sealed class LimitOptions
{
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>The largest upload request, all files together.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 1024L * 1024 * 1024;

    [Range(1, 10_000)]
    public int MaxFilesPerUpload { get; set; } = 1000;

    /// <summary>
    /// Documents one job may take. 100,000 by default (the target; exports and results paging are built for
    /// it); set 2000 for the shared specification's figure.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxDocumentsPerJob { get; set; } = 100_000;

    /// <summary>
    /// Back-pressure: while this many uploaded documents (or more) wait to be parsed, uploads answer 503 with
    /// Retry-After instead of piling up work the workers cannot catch up with.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxQueueDepth { get; set; } = 10_000;

    /// <summary>The Retry-After, in seconds, of an upload refused because the queue is full.</summary>
    [Range(1, 3600)]
    public int QueueRetryAfterSeconds { get; set; } = 30;

    [Range(1, 100_000)]
    public int MaxPagesPerDocument { get; set; } = 500;

    /// <summary>Entries of one archive, and of all archives nested in it.</summary>
    [Range(1, 1_000_000)]
    public int MaxArchiveEntries { get; set; } = 1000;

    /// <summary>Bytes an archive may unpack to, all entries together.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUncompressedBytes { get; set; } = 1L << 30;

    /// <summary>Uncompressed size over compressed size beyond which an entry is treated as a bomb.</summary>
    [Range(1.0, 1_000_000.0)]
    public double MaxCompressionRatio { get; set; } = 100;

    /// <summary>Archives inside archives, levels deep.</summary>
    [Range(0, 16)]
    public int MaxNestingDepth { get; set; } = 2;

    /// <summary>Pixels of one image (width × height), checked from the header before anything is decoded.</summary>
    [Range(1, long.MaxValue)]
    public long MaxImagePixels { get; set; } = 100_000_000;

    /// <summary>The bounds readers enforce, from these settings.</summary>
    public Core.Readers.ReaderLimits ToReaderLimits() => new(
        MaxPagesPerDocument, MaxTextChars: 50_000_000, MaxArchiveEntries, MaxUncompressedBytes, MaxCompressionRatio, MaxNestingDepth, MaxImagePixels);

    /// <summary>Seconds a reader may spend on one file before it is given up as unreadable.</summary>
    [Range(1, 86_400)]
    public int ParseTimeoutSeconds { get; set; } = 300;
}

public sealed class OcrSettings
{
    /// <summary>Tesseract languages, joined with '+', e.g. <c>eng+deu</c>.</summary>
    [Required, RegularExpression("^[a-z_]{3,}(\\+[a-z_]{3,})*$")]
    public string Languages { get; set; } = "eng";

    /// <summary>Resolution at which PDF pages without text are rasterised for OCR.</summary>
    [Range(72, 1200)]
    public int Dpi { get; set; } = 300;

    [Range(1, 3600)]
    public int PageTimeoutSeconds { get; set; } = 120;

    /// <summary>Pages OCRed at once; 0 means one per core.</summary>
    [Range(0, 256)]
    public int Concurrency { get; set; }

    public Core.Readers.OcrOptions ToCore() => new(Languages, Dpi, PageTimeoutSeconds, Concurrency);
}
