using System.Globalization;
using System.Text;

namespace Quarry.Bench.Throughput;

/// <summary>
/// Where the time goes, from the server's own <c>/metrics</c> (scraped before and after a run): seconds summed over
/// the run of each phase, the parse, the row loads and writes, and the HTTP requests, per document.
/// </summary>
public static class Breakdown
{
    private static readonly (string Label, string Series)[] Parts =
    [
        ("parse (read PDF, store content, mark parsed)", "quarry_document_parse_duration_seconds_sum{outcome=\"completed\"}"),
        ("row load (schema, content blob, cells)", "quarry_row_store_duration_seconds_sum{operation=\"load\"}"),
        ("phase 1 resolve", "quarry_phase_duration_seconds_sum{phase=\"phase_1_resolve\"}"),
        ("phase 2 agent (no model: skipped)", "quarry_phase_duration_seconds_sum{phase=\"phase_2_agent\"}"),
        ("phase 3 resolve", "quarry_phase_duration_seconds_sum{phase=\"phase_3_resolve\"}"),
        ("phase 4 transform", "quarry_phase_duration_seconds_sum{phase=\"phase_4_transform\"}"),
        ("row writes (4 per row)", "quarry_row_store_duration_seconds_sum{operation=\"write\"}"),
    ];

    public static string Table(Dictionary<string, double> before, Dictionary<string, double> after, int docs, double cpuSeconds, double wallSeconds)
    {
        double Delta(string key) => after.GetValueOrDefault(key) - before.GetValueOrDefault(key);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("| where | ms per document (summed over concurrent work) |");
        sb.AppendLine("|---|---|");
        foreach (var (label, series) in Parts)
            sb.AppendLine(string.Create(inv, $"| {label} | {Delta(series) * 1000 / docs:F2} |"));
        // HTTP time by route: uploads, job polls, results.
        foreach (var key in after.Keys.Where(k => k.StartsWith("http_server_request_duration_seconds_sum{", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var d = Delta(key);
            if (d <= 0)
                continue;
            var count = Delta(key.Replace("_sum{", "_count{", StringComparison.Ordinal));
            sb.AppendLine(string.Create(inv, $"| HTTP {Route(key)} ({count:F0} requests) | {d * 1000 / docs:F2} |"));
        }
        sb.AppendLine(string.Create(inv, $"| **server CPU (user + system), all threads** | **{cpuSeconds * 1000 / docs:F2}** |"));
        sb.AppendLine(string.Create(inv, $"| wall clock × {Environment.ProcessorCount} cores | {wallSeconds * 1000 * Environment.ProcessorCount / docs:F2} |"));
        return sb.ToString();
    }

    private static string Route(string key)
    {
        string Label(string name)
        {
            var at = key.IndexOf(name + "=\"", StringComparison.Ordinal);
            if (at < 0) return "";
            var start = at + name.Length + 2;
            return key[start..key.IndexOf('"', start)];
        }
        return $"{Label("http_request_method")} {Label("http_route")} {Label("http_response_status_code")}";
    }
}
