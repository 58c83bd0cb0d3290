namespace Quarry.Server.Hosting;

/// <summary>
/// What one process does. Any number of processes of any role may share one PostgreSQL database: the database is
/// the only thing they share besides the blob store, so an API process can be scaled apart from the workers.
/// </summary>
public enum QuarryRole
{
    /// <summary>The HTTP API and the background workers in one process (one laptop).</summary>
    All,

    /// <summary>The HTTP API only: uploads are parsed and jobs run by worker processes.</summary>
    Api,

    /// <summary>The background workers (parsing and the four phases), with only <c>GET /healthz</c> over HTTP.</summary>
    Worker,
}

public static class QuarryRoles
{
    /// <summary>The configuration key a server reads its role from (<c>quarry serve --role</c> sets it).</summary>
    public const string ConfigKey = "Quarry:Role";

    public static bool ServesApi(this QuarryRole role) => role != QuarryRole.Worker;

    public static bool RunsWorkers(this QuarryRole role) => role != QuarryRole.Api;

    public static string Name(this QuarryRole role) => role switch
    {
        QuarryRole.Api => "api",
        QuarryRole.Worker => "worker",
        _ => "all",
    };

    /// <summary><c>api</c>, <c>worker</c> or <c>all</c> (case-insensitive); empty means <c>all</c>.</summary>
    public static bool TryParse(string? value, out QuarryRole role)
    {
        role = QuarryRole.All;
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "all":
                return true;
            case "api":
                role = QuarryRole.Api;
                return true;
            case "worker":
                role = QuarryRole.Worker;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The role named by <see cref="ConfigKey"/>; an unknown name stops the start with a message naming the setting.</summary>
    public static QuarryRole FromConfiguration(IConfiguration configuration)
    {
        var value = configuration[ConfigKey];
        return TryParse(value, out var role)
            ? role
            : throw new InvalidOperationException($"{ConfigKey} must be 'api', 'worker' or 'all', not '{value}'.");
    }
}
