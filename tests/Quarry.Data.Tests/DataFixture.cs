using Quarry.Data;
using Quarry.Testing;

namespace Quarry.Data.Tests;

/// <summary>A migrated database of the run's provider, shared by the tests of one class.</summary>
public sealed class DataFixture : IAsyncLifetime
{
    private TestDatabase? _test;

    public QuarryDatabase Db { get; private set; } = null!;
    public TestDatabase Test => _test!;

    public async Task InitializeAsync()
    {
        _test = await TestDatabase.CreateAsync();
        Db = _test.Provider == "postgres"
            ? QuarryDatabase.Postgres(_test.ConnectionString!)
            : QuarryDatabase.Sqlite(Path.Combine(_test.DataDir, "quarry.db"));
        await new Migrator(Db).MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Db.DisposeAsync();
        await _test!.DisposeAsync();
    }
}
