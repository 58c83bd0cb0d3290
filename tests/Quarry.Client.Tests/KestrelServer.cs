using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Data.Stores;
using Quarry.Testing;

namespace Quarry.Client.Tests;

/// <summary>
/// The real server on a real loopback socket (Kestrel, a free port), on the run's database (SQLite or PostgreSQL): what
/// the client library and the <c>quarry</c> process talk to. One per test class; every test takes a tenant of its own.
/// </summary>
public sealed class KestrelServer : IAsyncDisposable
{
    private readonly Host _host;
    private readonly TestDatabase _db;

    private KestrelServer(TestDatabase db, Host host, Uri baseUrl)
    {
        _db = db;
        _host = host;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>The server's services, for tests that seed data through the stores.</summary>
    public IServiceProvider Services => _host.Services;

    public static async Task<KestrelServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var db = await TestDatabase.CreateAsync();
        var host = new Host(db, settings);
        // Not UseKestrel(0): that re-addresses the server after the app built it, racing Kestrel's own bind on the app's
        // thread ("Addresses cannot be modified after the server has started", dotnet/aspnetcore#67714). The free port
        // comes from the urls setting instead (ConfigureWebHost).
        host.UseKestrel();
        host.StartServer();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KestrelServer(db, host, new Uri(address));
    }

    /// <summary>A new organization and an API key for it.</summary>
    public async Task<string> NewKeyAsync()
    {
        var org = await _host.Services.GetRequiredService<OrganizationStore>().GetOrCreateAsync("org-" + Guid.NewGuid().ToString("N")[..8], default);
        return (await _host.Services.GetRequiredService<ApiKeyStore>().CreateAsync(org.Id, "client-tests", default)).Key;
    }

    /// <summary>A client of a new organization.</summary>
    public async Task<QuarryClient> NewClientAsync(QuarryClientOptions? options = null) =>
        new(BaseUrl.AbsoluteUri, await NewKeyAsync(), options);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private sealed class Host(TestDatabase db, IReadOnlyDictionary<string, string?>? settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("urls", "http://127.0.0.1:0");
            builder.UseSetting("Quarry:DataDir", db.DataDir);
            builder.UseSetting("Quarry:Database:Provider", db.Provider);
            if (db.ConnectionString is not null)
                builder.UseSetting("ConnectionStrings:Quarry", db.ConnectionString);
            builder.UseSetting("Quarry:Workers:PollMilliseconds", "50");
            builder.UseSetting("Quarry:Workers:Concurrency", "2");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
                builder.UseSetting(k, v);
        }
    }
}

/// <summary>One server for the tests of a class (xunit class fixture), with default settings.</summary>
public class ServerFixture : IAsyncLifetime
{
    public KestrelServer Server { get; private set; } = null!;

    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync() => Server = await KestrelServer.StartAsync(Settings);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
