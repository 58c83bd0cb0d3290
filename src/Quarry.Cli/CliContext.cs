using System.ComponentModel.DataAnnotations;
using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Quarry.Data;
using Quarry.Server.Hosting;

namespace Quarry.Cli;

/// <summary>
/// The configuration the local commands share with the server: the same keys (Quarry:*, ConnectionStrings:Quarry)
/// from environment variables (Quarry__DataDir, …), overridden by --data-dir, --provider and --connection-string.
/// </summary>
public static class CliContext
{
    public static readonly Option<string?> DataDir = new("--data-dir") { Description = "Folder of the embedded database and blobs (default ./quarry-data)", Recursive = true };
    public static readonly Option<string?> Provider = new("--provider") { Description = "sqlite or postgres (default from Quarry__Database__Provider, else sqlite)", Recursive = true };
    public static readonly Option<string?> ConnectionString = new("--connection-string") { Description = "PostgreSQL connection string (default from ConnectionStrings__Quarry)", Recursive = true };

    public static (QuarryOptions Options, IConfiguration Configuration) Load(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(DataDir) is { } dir) overrides["Quarry:DataDir"] = dir;
        if (parse.GetValue(Provider) is { } provider) overrides["Quarry:Database:Provider"] = provider;
        if (parse.GetValue(ConnectionString) is { } cs) overrides["ConnectionStrings:Quarry"] = cs;
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        var options = new QuarryOptions();
        configuration.GetSection(QuarryOptions.Section).Bind(options);
        var problems = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), problems, validateAllProperties: true);
        if (options.Database.Provider == "postgres" && string.IsNullOrWhiteSpace(configuration.GetConnectionString("Quarry")))
            problems.Add(new ValidationResult("The postgres provider needs --connection-string or ConnectionStrings__Quarry."));
        if (problems.Count > 0)
            throw new CliUsageException(string.Join(" ", problems.Select(p => p.ErrorMessage)));
        return (options, configuration);
    }

    /// <summary>The configured database, migrated.</summary>
    public static async Task<QuarryDatabase> OpenDatabaseAsync(ParseResult parse, CancellationToken ct)
    {
        var (options, configuration) = Load(parse);
        var db = QuarryServices.OpenDatabase(options, configuration);
        await new Migrator(db).MigrateAsync(ct);
        return db;
    }
}

/// <summary>A mistake in how the command was called: exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
