using Quarry.Testing;

namespace Quarry.Server.Tests;

/// <summary>A fresh database of the run's provider for every test (xunit makes one instance per test).</summary>
public abstract class DatabaseTest : IAsyncLifetime
{
    protected TestDatabase Db { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Db = await TestDatabase.CreateAsync();

    public virtual async Task DisposeAsync() => await Db.DisposeAsync();
}

/// <summary>A fresh database, a server on it, and one tenant with a key, for every test.</summary>
public abstract class HostedTest : DatabaseTest
{
    protected QuarryHost Host { get; private set; } = null!;
    protected Tenant Tenant { get; private set; } = null!;

    /// <summary>Configuration the host starts with, besides the test defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Host = new QuarryHost(Db, Settings);
        Tenant = await Host.NewTenantAsync();
    }

    public override async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await base.DisposeAsync();
    }
}
