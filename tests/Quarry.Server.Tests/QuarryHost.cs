using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Data.Stores;
using Quarry.Server.Pipeline;
using Quarry.Testing;

namespace Quarry.Server.Tests;

/// <summary>
/// The real server in the ASP.NET test host, on the run's database (SQLite or PostgreSQL, see <see cref="TestDatabase"/>),
/// with fast polling. Settings and pipeline hooks can be given per host; several hosts can share one database in turn.
/// </summary>
public sealed class QuarryHost(TestDatabase db, IReadOnlyDictionary<string, string?>? settings = null, IPipelineHooks? hooks = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Quarry:DataDir", db.DataDir);
        builder.UseSetting("Quarry:Database:Provider", db.Provider);
        if (db.ConnectionString is not null)
            builder.UseSetting("ConnectionStrings:Quarry", db.ConnectionString);
        builder.UseSetting("Quarry:Workers:PollMilliseconds", "50");
        builder.UseSetting("Quarry:Workers:Concurrency", "2");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Quarry:Review:CalibrationFile", TestCalibration.Path);
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(k, v);
        if (hooks is not null)
            builder.ConfigureTestServices(s => s.AddSingleton(hooks));
    }

    /// <summary>A new organization with one key, and a client that sends it.</summary>
    public async Task<Tenant> NewTenantAsync(string? name = null)
    {
        var orgs = Services.GetRequiredService<OrganizationStore>();
        var org = await orgs.GetOrCreateAsync(name ?? "org-" + Guid.NewGuid().ToString("N")[..8], default);
        var key = await Services.GetRequiredService<ApiKeyStore>().CreateAsync(org.Id, "test", default);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
        return new Tenant(org.Id, key.Key, key.Record.Id, client);
    }
}

/// <summary>
/// An organization's key, with <see cref="Client"/> for raw HTTP (status codes, headers, problem+json) and
/// <see cref="Quarry"/>, the typed client over the same connection, for tests about what the API does.
/// </summary>
public sealed record Tenant(Guid OrganizationId, string Key, Guid KeyId, HttpClient Client)
{
    public Quarry.Client.QuarryClient Quarry { get; } = new(Client);
}
