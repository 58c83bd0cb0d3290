using Quarry.Testing;

namespace Quarry.Server.Tests;

/// <summary>
/// A test that needs PostgreSQL (several processes on one database): skipped, with this reason in the report, on a
/// SQLite run; ./test.sh runs it in its PostgreSQL pass. (xunit 2 decides skips when tests are discovered.)
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabase.RunProvider != "postgres")
            Skip = "Needs PostgreSQL (several processes share one database): runs in the PostgreSQL pass of ./test.sh (QUARRY_TEST_DB=postgres).";
    }
}

/// <summary>Tests that start several server processes: they run alone, not beside other test classes, so their timing is their own.</summary>
[CollectionDefinition(nameof(ProcessTests), DisableParallelization = true)]
public sealed class ProcessTests;
