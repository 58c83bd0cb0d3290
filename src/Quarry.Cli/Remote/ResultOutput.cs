using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Quarry.Client;

namespace Quarry.Cli.Remote;

/// <summary>
/// A job's rows in the format asked for, to stdout or a file: <c>table</c> (read page by page), or the server's own
/// <c>csv</c>, <c>xlsx</c>, <c>ndjson</c> exports streamed through, or <c>json</c> (the results document).
/// </summary>
public static class ResultOutput
{
    public static readonly string[] Formats = ["table", "csv", "json", "ndjson", "xlsx"];

    public static Option<string> FormatOption() => new Option<string>("--format", "-f")
    {
        Description = "table (default), csv, json, ndjson or xlsx (xlsx needs -o or a redirected stdout)",
        DefaultValueFactory = _ => "table",
    }.AcceptingOnly(Formats);

    public static Option<string?> OutputOption() => new("--output", "-o") { Description = "Write to this file instead of stdout" };

    /// <summary>Checks what can be checked before any request: binary output never goes to a terminal.</summary>
    public static void Check(string format, string? output)
    {
        if (format == "xlsx" && output is null && !Console.IsOutputRedirected)
            throw new CliUsageException("xlsx is a binary file: give -o FILE or redirect stdout.");
    }

    /// <summary>Writes the rows; a file is written beside its name first and moved into place at the end, so a failure never leaves half a file.</summary>
    public static async Task WriteAsync(QuarryClient client, Guid jobId, string format, string? output, string? status, CancellationToken ct)
    {
        if (output is null)
        {
            await using var stdout = Console.OpenStandardOutput();
            await WriteToAsync(client, jobId, format, stdout, status, Terminal.StdoutColours, ct);
            return;
        }
        var part = output + ".part";
        try
        {
            await using (var file = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                await WriteToAsync(client, jobId, format, file, status, colours: false, ct);
            File.Move(part, output, overwrite: true);
        }
        finally
        {
            File.Delete(part);
        }
        Console.Error.WriteLine($"Wrote {output}.");
    }

    private static async Task WriteToAsync(QuarryClient client, Guid jobId, string format, Stream stream, string? status, bool colours, CancellationToken ct)
    {
        switch (format)
        {
            case "csv":
                await client.Results.ExportAsync(jobId, ExportFormat.Csv, stream, status, ct: ct);
                break;
            case "xlsx":
                await client.Results.ExportAsync(jobId, ExportFormat.Xlsx, stream, status, ct: ct);
                break;
            case "ndjson":
                await client.Results.ExportAsync(jobId, ExportFormat.Ndjson, stream, status, ct: ct);
                break;
            case "json":
                var page = await client.Results.GetAsync(jobId, new ResultsRequest(status), ct);
                await JsonSerializer.SerializeAsync(stream, page, Indented, ct);
                await stream.WriteAsync("\n"u8.ToArray(), ct);
                break;
            default:
                await using (var writer = new StreamWriter(stream, leaveOpen: true))
                    await WriteTableAsync(client, jobId, status, writer, colours, ct);
                break;
        }
    }

    private static readonly JsonSerializerOptions Indented = new(QuarryJson.Options) { WriteIndented = true };

    private static async Task WriteTableAsync(QuarryClient client, Guid jobId, string? status, TextWriter writer, bool colours, CancellationToken ct)
    {
        List<string>? fields = null;
        var rows = new List<IReadOnlyList<string>>();
        await foreach (var row in client.Results.ListAllAsync(jobId, status, ct: ct))
        {
            fields ??= [.. row.Values.Keys];
            rows.Add([row.Filename, row.Status, Confidence(row.Confidence), .. fields.Select(f => Cell(row.Values.GetValueOrDefault(f))), string.Join(' ', row.ValidationFlags)]);
        }
        if (fields is null)
        {
            await writer.WriteLineAsync(status is null ? "The job has no rows." : $"No rows with status {status}.");
            return;
        }
        await TextTable.WriteAsync(writer, ["FILENAME", "STATUS", "CONFIDENCE", .. fields.Select(f => f.ToUpperInvariant()), "FLAGS"], rows,
            colours, (col, text) => col == 1 ? Terminal.Of(text) : Colour.None);
    }

    public static string Confidence(double? c) => c?.ToString("0.00", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A value as a table shows it: text as is, numbers and booleans as JSON, line items as a count.</summary>
    public static string Cell(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => "",
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Array => v.GetArrayLength() == 1 ? "[1 item]" : $"[{v.GetArrayLength()} items]",
        _ => v.GetRawText(),
    };
}

internal static class OptionExtensions
{
    public static Option<string> AcceptingOnly(this Option<string> option, params string[] values)
    {
        option.AcceptOnlyFromAmong(values);
        return option;
    }
}
