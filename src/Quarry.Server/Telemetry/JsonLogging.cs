using Microsoft.Extensions.Logging.Console;

namespace Quarry.Server.Telemetry;

/// <summary>
/// One JSON object per log line when <c>Quarry:Logging:Json=true</c> or the standard
/// <c>Logging:Console:FormatterName=json</c>. Scopes are on by default in JSON, because they carry the ids a line
/// belongs to (<c>JobId</c>, <c>DocumentId</c>, <c>RowId</c>, and ASP.NET Core's <c>RequestId</c>); set
/// <c>Logging:Console:FormatterOptions:IncludeScopes=false</c> to drop them. Timestamps are UTC, ISO 8601.
/// </summary>
public static class JsonLogging
{
    public static WebApplicationBuilder AddQuarryLogging(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var json = config.GetValue<bool>("Quarry:Logging:Json")
            || string.Equals(config["Logging:Console:FormatterName"], ConsoleFormatterNames.Json, StringComparison.OrdinalIgnoreCase);
        if (!json)
            return builder;
        var scopes = config.GetValue("Logging:Console:FormatterOptions:IncludeScopes", true);
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = scopes;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        return builder;
    }
}
