using System.Globalization;
using System.Text.Json;
using Quarry.Client;

namespace Quarry.Cli.Remote;

/// <summary>What client commands print for scripts (--json: the API's own objects, indented) and for people.</summary>
public static class Output
{
    public static JsonSerializerOptions Json { get; } = new(QuarryJson.Options) { WriteIndented = true };

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
    };

    public static string Time(DateTimeOffset t) => QuarryJson.Timestamp(t);

    /// <summary>"1 document", "3 documents".</summary>
    public static string Count(int n, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");

    /// <summary>A job or schema id given on the command line: a UUID, or a usage error (never a request that can only fail).</summary>
    public static Guid Id(string raw, string what) =>
        Guid.TryParseExact(raw.Trim(), "D", out var id) ? id : throw new CliUsageException($"'{raw}' is not a {what} id (a UUID such as 9d1e3f6a-…).");
}
