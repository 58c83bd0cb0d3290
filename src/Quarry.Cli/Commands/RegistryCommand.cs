using System.CommandLine;
using System.Globalization;
using Quarry.Cli.Remote;
using Quarry.Client;

namespace Quarry.Cli.Commands;

/// <summary><c>quarry registry fields|delete</c>: the Field Registry of a server — what confirmed rows taught it, and forgetting it.</summary>
public static class RegistryCommand
{
    public static Command Build()
    {
        var (registry, remote) = RemoteOptions.Command("registry", """
            The Field Registry on a Quarry server: for each schema field, the labels, positions and constant values
            approved rows taught it, per document layout. Phase 1 fills cells from it with no model call.
            (To teach a local registry from a labelled dataset, see 'quarry learn'.)
            Examples:
              quarry registry fields --schema Invoice
              quarry registry delete --schema Invoice --field account_ref
            """);
        registry.Subcommands.Add(Fields(remote));
        registry.Subcommands.Add(Delete(remote));
        return registry;
    }

    private static Command Fields(RemoteOptions remote)
    {
        var schema = new Option<string?>("--schema") { Description = "Only this schema's rules (its name)" };
        var field = new Option<string?>("--field") { Description = "Only this field's rules" };
        var layout = new Option<string?>("--layout") { Description = "Only this layout fingerprint's rules ('*': those for any layout)" };
        var json = ListOutput.JsonOption("rules");
        var quiet = ListOutput.QuietOption();
        var command = new Command("fields", """
            List the learned rules: schema, field, layout, kind (label, label_above, constant, item), label or value, accuracy.
            Examples:
              quarry registry fields
              quarry registry fields --schema Invoice --field total --json
            """) { schema, field, layout, json, quiet };
        command.SetAction(remote.Run(async (parse, client, ct) =>
        {
            var rules = await client.Registry.ListAllFieldsAsync(
                new RegistryListRequest(parse.GetValue(schema), parse.GetValue(field), parse.GetValue(layout)), ct).ToListAsync(ct);
            await ListOutput.WriteAsync(rules, parse.GetValue(json), parse.GetValue(quiet), "The registry has no rules (yet).",
                ["ID", "SCHEMA", "FIELD", "LAYOUT", "KIND", "LABEL OR VALUE", "SEEN", "ACCURACY"],
                r => [r.Id.ToString(), r.Schema, r.Field, r.Layout, r.Kind, r.Label ?? (r.Value is { } v ? ResultOutput.Cell(v) : ""),
                    r.Seen.ToString("0.#", CultureInfo.InvariantCulture), r.Accuracy.ToString("0.00", CultureInfo.InvariantCulture)], r => r.Id);
            return 0;
        }));
        return command;
    }

    private static Command Delete(RemoteOptions remote)
    {
        var id = new Argument<string?>("rule") { Description = "The id of one rule to forget", Arity = ArgumentArity.ZeroOrOne };
        var schema = new Option<string?>("--schema") { Description = "Forget every rule of this schema (its name)" };
        var field = new Option<string?>("--field") { Description = "With --schema: only this field's rules" };
        var command = new Command("delete", """
            Forget one rule (by id), or every rule of a schema or of one of its fields.
            Examples:
              quarry registry delete 5d9e…
              quarry registry delete --schema Invoice --field account_ref
            """) { id, schema, field };
        command.SetAction(remote.Run(async (parse, client, ct) =>
        {
            var (rule, schemaName, fieldName) = (parse.GetValue(id), parse.GetValue(schema), parse.GetValue(field));
            if ((rule is null) == (schemaName is null))
                throw new CliUsageException("Give a rule id or --schema NAME (with --field NAME for one field), not both.");
            if (fieldName is not null && schemaName is null)
                throw new CliUsageException("--field goes with --schema.");
            if (rule is not null)
            {
                await client.Registry.DeleteRuleAsync(Output.Id(rule, "rule"), ct);
                Console.Error.WriteLine($"Forgot rule {rule}.");
                return 0;
            }
            // Entries, not rules: the count includes the registry's bookkeeping rows, which 'fields' does not list.
            var deleted = await client.Registry.DeleteFieldsAsync(schemaName!, fieldName, ct);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Forgot {deleted} registry {(deleted == 1 ? "entry" : "entries")} of {schemaName}{(fieldName is null ? "" : "." + fieldName)}."));
            return 0;
        }));
        return command;
    }
}
