using System.Diagnostics;

namespace Quarry.Server.Telemetry;

/// <summary>
/// The server's spans: one per parsed document and one per phase of a row, children of nothing (they run in the
/// background, not inside a request). Exported only when OTLP is configured; without a listener they cost nothing.
/// </summary>
public static class QuarryTracing
{
    public const string SourceName = "Quarry";

    public static readonly ActivitySource Source = new(SourceName);
}
