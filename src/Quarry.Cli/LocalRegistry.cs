using System.CommandLine;
using Quarry.Core.Extraction.Registry;
using Quarry.Data;
using Quarry.Data.Stores;

namespace Quarry.Cli;

/// <summary>
/// The Field Registry of the CLI's local mode: the embedded database in <c>--data-dir</c>, organization <c>default</c>
/// (the one the server creates on its first start), keyed by the schema's name. Used only when <c>--data-dir</c> is
/// given, so a plain <c>quarry extract</c> stays zero-shot and creates no database.
/// </summary>
public static class LocalRegistry
{
    public const string Organization = "default";

    public static bool Requested(ParseResult parse) => parse.GetValue(CliContext.DataDir) is not null;

    public static async Task<(QuarryDatabase Db, RegistryStore Store, Guid Organization)> OpenAsync(ParseResult parse, CancellationToken ct)
    {
        var db = await CliContext.OpenDatabaseAsync(parse, ct);
        var org = await new OrganizationStore(db, TimeProvider.System).GetOrCreateAsync(Organization, ct);
        return (db, new RegistryStore(db, TimeProvider.System), org.Id);
    }

    /// <summary>The learned registry for the schema, or null when <c>--data-dir</c> was not given or nothing was learned for it.</summary>
    public static async Task<FieldRegistry?> LoadAsync(ParseResult parse, string schemaName, CancellationToken ct)
    {
        if (!Requested(parse))
            return null;
        var (db, store, org) = await OpenAsync(parse, ct);
        await using (db)
        {
            var registry = await store.LoadAsync(org, schemaName, ct);
            return registry.IsEmpty ? null : registry;
        }
    }
}
