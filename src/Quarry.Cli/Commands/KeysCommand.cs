using System.CommandLine;
using System.Globalization;
using Quarry.Data.Stores;

namespace Quarry.Cli.Commands;

/// <summary><c>quarry keys create|list|revoke</c>: API keys, managed directly in the database.</summary>
public static class KeysCommand
{
    public static Command Build()
    {
        var keys = new Command("keys", "Create, list and revoke API keys (works on the configured database directly)");

        var org = new Option<string>("--org") { Description = "Organization name; created when it does not exist", Required = true };
        var name = new Option<string?>("--name") { Description = "A label for the key, e.g. the system that uses it" };
        var create = new Command("create", "Create an API key; the key is printed once, as the last line of output") { org, name };
        create.SetAction(async (parse, ct) =>
        {
            await using var db = await CliContext.OpenDatabaseAsync(parse, ct);
            var organization = await new OrganizationStore(db, TimeProvider.System).GetOrCreateAsync(parse.GetValue(org)!, ct);
            var key = await new ApiKeyStore(db, TimeProvider.System).CreateAsync(organization.Id, parse.GetValue(name), ct);
            Console.Error.WriteLine($"Created key {key.Record.Id} ({key.Record.Prefix}…) for organization '{organization.Name}'. It is shown once:");
            Console.Out.WriteLine(key.Key);
            return 0;
        });

        var filter = new Option<string?>("--org") { Description = "Only this organization's keys" };
        var list = new Command("list", "List keys (never the secrets: id, prefix, organization, dates)") { filter };
        list.SetAction(async (parse, ct) =>
        {
            await using var db = await CliContext.OpenDatabaseAsync(parse, ct);
            var rows = await new ApiKeyStore(db, TimeProvider.System).ListAsync(parse.GetValue(filter), ct);
            Console.Out.WriteLine($"{"ID",-36}  {"PREFIX",-10}  {"ORGANIZATION",-20}  {"CREATED",-24}  STATUS");
            foreach (var k in rows)
            {
                var created = k.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                var status = k.RevokedAt is { } r ? "revoked " + r.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "active";
                Console.Out.WriteLine($"{k.Id,-36}  {k.Prefix,-10}  {k.OrganizationName,-20}  {created,-24}  {status}");
            }
            return 0;
        });

        var which = new Argument<string>("key") { Description = "The key's id, or its prefix when only one key has it" };
        var revoke = new Command("revoke", "Revoke a key: requests with it get 401 from then on") { which };
        revoke.SetAction(async (parse, ct) =>
        {
            await using var db = await CliContext.OpenDatabaseAsync(parse, ct);
            if (await new ApiKeyStore(db, TimeProvider.System).RevokeAsync(parse.GetValue(which)!, ct))
            {
                Console.Out.WriteLine($"Revoked {parse.GetValue(which)}.");
                return 0;
            }
            Console.Error.WriteLine($"No active key matches '{parse.GetValue(which)}' (or the prefix names several keys; use the id).");
            return 1;
        });

        keys.Subcommands.Add(create);
        keys.Subcommands.Add(list);
        keys.Subcommands.Add(revoke);
        return keys;
    }
}
