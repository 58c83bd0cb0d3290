using Microsoft.Extensions.Options;
using Quarry.Data;
using Quarry.Data.Stores;

namespace Quarry.Server.Hosting;

/// <summary>
/// Start-up work before the server listens: migrations, and on the very first start (no organization at all) an
/// organization with one API key, printed once to the console — never to the logs. Safe when several processes
/// start together on one PostgreSQL: migrations and the first key each run under an advisory lock, so exactly one
/// process applies a script and exactly one creates the key. Only a process that serves the API creates the key: a
/// worker's console is not where anyone looks for it.
/// </summary>
public static class Bootstrap
{
    public const string DefaultOrganization = "default";

    public static async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<QuarryDatabase>();
        var role = services.GetRequiredService<IOptions<QuarryOptions>>().Value.ParsedRole;
        var applied = await new Migrator(db).MigrateAsync(ct);
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Quarry.Bootstrap");
        log.LogInformation("Database {Provider} ready ({Applied} migration(s) applied); role {Role}", db.Provider, applied, role.Name());
        if (!role.ServesApi())
            return;

        await using var firstStart = await DatabaseLock.AcquireAsync(db, DatabaseLock.FirstStart, ct);
        var orgs = services.GetRequiredService<OrganizationStore>();
        if (await orgs.CountAsync(ct) > 0)
            return;
        var org = await orgs.GetOrCreateAsync(DefaultOrganization, ct);
        var key = await services.GetRequiredService<ApiKeyStore>().CreateAsync(org.Id, "first start", ct);
        Console.WriteLine();
        Console.WriteLine("  Quarry created the organization 'default' and this API key. It is shown once; keep it:");
        Console.WriteLine();
        Console.WriteLine($"    {key.Key}");
        Console.WriteLine();
        Console.WriteLine("  Use it as: Authorization: Bearer <key>. More keys: quarry keys create --org default");
        Console.WriteLine();
    }
}
