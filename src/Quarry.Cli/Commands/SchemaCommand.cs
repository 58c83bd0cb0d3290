using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Quarry.Cli.Remote;
using Quarry.Client;

namespace Quarry.Cli.Commands;

/// <summary><c>quarry schema create|list|show</c>: the columns of the grid, on a server.</summary>
public static class SchemaCommand
{
    public static Command Build()
    {
        var (schema, remote) = RemoteOptions.Command("schema", """
            Create, list and show schemas on a Quarry server.
            Examples:
              quarry schema create samples/schemas/invoice.json
              quarry schema list
              quarry schema show Invoice
            """);
        schema.Subcommands.Add(Create(remote));
        schema.Subcommands.Add(List(remote));
        schema.Subcommands.Add(Show(remote));
        return schema;
    }

    private static Command Create(RemoteOptions remote)
    {
        var file = new Argument<string>("file") { Description = "A JSON file: {\"name\", \"fields\": [...]}, {\"name\", \"fields\": {\"total\": \"number\"}}, {\"name\", \"json_schema\": {...}} or a JSON Schema with a title" };
        var json = new Option<bool>("--json") { Description = "Print the created schema as JSON" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the new schema's id" };
        var command = new Command("create", """
            Create a schema from a file; prints its fields (or its id with -q, or JSON with --json).
            Examples:
              quarry schema create samples/schemas/invoice.json
              SCHEMA=$(quarry schema create receipt.json -q)
            """) { file, json, quiet };
        command.SetAction(remote.Run(async (parse, client, ct) =>
        {
            var body = await SchemaRef.ReadFileAsync(parse.GetValue(file)!, ct);
            var created = await client.Schemas.CreateAsync(body, ct: ct);
            await PrintAsync(created, parse.GetValue(json), parse.GetValue(quiet));
            return 0;
        }));
        return command;
    }

    private static Command List(RemoteOptions remote)
    {
        var json = ListOutput.JsonOption("schemas");
        var quiet = ListOutput.QuietOption();
        var command = new Command("list", """
            List the organization's schemas, newest first.
            Examples:
              quarry schema list
              quarry schema list --json
            """) { json, quiet };
        command.SetAction(remote.Run(async (parse, client, ct) =>
        {
            await ListOutput.WriteAsync(await client.Schemas.ListAllAsync(ct).ToListAsync(ct), parse.GetValue(json), parse.GetValue(quiet),
                "No schemas yet. Create one: quarry schema create FILE", ["ID", "NAME", "VERSION", "FIELDS", "UPDATED"],
                s => [s.Id.ToString(), s.Name, s.Version.ToString(CultureInfo.InvariantCulture),
                    s.Fields.Count.ToString(CultureInfo.InvariantCulture), Output.Time(s.UpdatedAt)], s => s.Id);
            return 0;
        }));
        return command;
    }

    private static Command Show(RemoteOptions remote)
    {
        var which = new Argument<string>("schema") { Description = "The schema's id or name" };
        var version = new Option<int?>("--version") { Description = "An earlier version (1 is the first)" };
        var json = new Option<bool>("--json") { Description = "Print the schema as JSON (with json_schema)" };
        var command = new Command("show", """
            Show a schema's fields.
            Examples:
              quarry schema show Invoice
              quarry schema show 5b0c2f6e-1d2a-4c1e-9f0e-3a1b2c3d4e5f --version 1 --json
            """) { which, version, json };
        command.SetAction(remote.Run(async (parse, client, ct) =>
        {
            var found = await SchemaRef.ResolveAsync(client, parse.GetValue(which)!, allowFile: false, ct);
            if (parse.GetValue(version) is { } v && v != found.Version)
            {
                if (v < 1) throw new CliUsageException("--version must be 1 or more.");
                found = await client.Schemas.GetAsync(found.Id, v, ct);
            }
            await PrintAsync(found, parse.GetValue(json), quiet: false);
            return 0;
        }));
        return command;
    }

    private static async Task PrintAsync(Schema s, bool json, bool quiet)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(s, Output.Json));
            return;
        }
        if (quiet)
        {
            Console.Out.WriteLine(s.Id);
            return;
        }
        Console.Out.WriteLine($"{s.Name} (v{s.Version})  {s.Id}");
        if (s.Description is not null)
            Console.Out.WriteLine(s.Description);
        await TextTable.WriteAsync(Console.Out, ["FIELD", "TYPE", "REQUIRED", "DETAILS"], Rows(s.Fields, "").ToList(), maxWidth: 60);
    }

    /// <summary>A row per field; the fields of line items follow their array, indented.</summary>
    private static IEnumerable<IReadOnlyList<string>> Rows(IEnumerable<SchemaField> fields, string indent)
    {
        foreach (var f in fields)
        {
            var type = f.Items is { Fields: null, Type: { } scalar } ? $"{f.Type} of {scalar}" : f.Type;
            yield return [indent + f.Name, type, f.Required ? "yes" : "", Details(f)];
            if (f.Items?.Fields is { } itemFields)
            {
                foreach (var r in Rows(itemFields, indent + "  "))
                    yield return r;
            }
        }
    }

    private static string Details(SchemaField f)
    {
        var parts = new List<string>();
        if (f.Enum is { Count: > 0 }) parts.Add("one of " + string.Join(", ", f.Enum));
        if (f.Aliases is { Count: > 0 }) parts.Add("aliases " + string.Join(", ", f.Aliases));
        if (f.Format is not null) parts.Add("format " + f.Format);
        if (f.Pattern is not null) parts.Add("pattern " + f.Pattern);
        if (f.Min is { } min) parts.Add("min " + min.ToString(CultureInfo.InvariantCulture));
        if (f.Max is { } max) parts.Add("max " + max.ToString(CultureInfo.InvariantCulture));
        if (parts.Count == 0 && f.Description is not null) parts.Add(f.Description);
        return string.Join("; ", parts);
    }
}
