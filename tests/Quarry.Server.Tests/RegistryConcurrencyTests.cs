using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Quarry.Core.Readers;
using Quarry.Core.Schemas;
using Quarry.Data.Blobs;
using Quarry.Data.Stores;
using Quarry.Server.Registry;

namespace Quarry.Server.Tests;

/// <summary>
/// Two processes learning into one organization's registry at the same moment (two RegistryService instances, each with
/// its own cache and lock, on one database): every confirmation is counted, none overwritten by the other's save.
/// </summary>
public sealed class RegistryConcurrencyTests : HostedTest
{
    private static readonly FieldDefinition[] Fields = [new("ref", FieldType.String), new("total", FieldType.CurrencyAmount)];

    [Fact]
    public async Task Concurrent_learners_in_two_processes_lose_no_count()
    {
        var store = Host.Services.GetRequiredService<RegistryStore>();
        var blobs = Host.Services.GetRequiredService<IBlobStore>();
        RegistryService[] processes = [new(store, blobs, NullLogger<RegistryService>.Instance), new(store, blobs, NullLogger<RegistryService>.Instance)];

        const int PerProcess = 12;
        await Task.WhenAll(processes.Select(async (process, p) =>
        {
            for (var i = 0; i < PerProcess; i++)
            {
                var n = p * 100 + i;
                var page = PlainTextReader.FromText($"ACME TRADING GMBH\nVAT REG NO: DE123456789\nRef: AB-{n}\nTotal: {n}.00");
                var known = new Dictionary<string, JsonNode?> { ["ref"] = $"AB-{n}", ["total"] = (decimal)n };
                await process.LearnAsync(Tenant.OrganizationId, "Invoice", Fields, [(page, known)], default);
            }
        }));

        var stored = await store.LoadAsync(Tenant.OrganizationId, "Invoice", default);
        Assert.Equal(2 * PerProcess, Assert.Single(stored.Layouts).Examples);
        // The label rule for "ref" was tested on every document after the first: 23 tests, all right.
        var label = stored.Rules.Single(r => r.Layout != "*" && r.Field == "ref" && r.Kind == "label");
        Assert.Equal((2.0 * PerProcess - 1, 2.0 * PerProcess - 1), (label.Tests, label.Hits));
    }
}
