using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Quarry.Core.Documents;
using Quarry.Core.Extraction.Registry;
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

    private static (DocumentContent, IReadOnlyDictionary<string, JsonNode?>) Invoice(string issuer, string vat, int n) =>
        (PlainTextReader.FromText($"{issuer}\nVAT REG NO: {vat}\nRef: AB-{n}\nTotal: {n}.00"),
            new Dictionary<string, JsonNode?> { ["ref"] = $"AB-{n}", ["total"] = (decimal)n });

    private static Dictionary<string, (double Seen, double Right)> Counts(FieldRegistry r) => r.Rules.ToDictionary(x => x.Identity, x => (x.Seen, x.Right));

    [Fact]
    public async Task A_process_behind_reads_only_what_another_saved_since_and_everything_after_a_deletion()
    {
        var store = Host.Services.GetRequiredService<RegistryStore>();
        var blobs = Host.Services.GetRequiredService<IBlobStore>();
        var learner = new RegistryService(store, blobs, NullLogger<RegistryService>.Instance);
        var reader = new RegistryService(store, blobs, NullLogger<RegistryService>.Instance);
        for (var n = 1; n <= 3; n++)
            await learner.LearnAsync(Tenant.OrganizationId, "Invoice", Fields, [Invoice("ACME TRADING GMBH", "DE123456789", n)], default);
        var first = (await reader.ForAsync(Tenant.OrganizationId, "Invoice", default))!;
        var acme = Assert.Single(first.Layouts).Id;
        var before = await store.GenerationAsync(Tenant.OrganizationId, "Invoice", default);

        // Another issuer learned elsewhere: only what that save wrote is read back.
        await learner.LearnAsync(Tenant.OrganizationId, "Invoice", Fields, [Invoice("BETA SUPPLIES SRL", "IT987654321", 4)], default);
        var changes = (await store.ChangesSinceAsync(Tenant.OrganizationId, "Invoice", before, default))!;
        var stored = await store.LoadAsync(Tenant.OrganizationId, "Invoice", default);
        Assert.Equal(before + 1, changes.Generation);
        Assert.NotEqual(acme, Assert.Single(changes.Layouts).Id);
        Assert.InRange(changes.Rules.Count, 1, stored.Rules.Count - 1);

        var caughtUp = (await reader.ForAsync(Tenant.OrganizationId, "Invoice", default))!;
        Assert.Equal(Counts(stored), Counts(caughtUp));
        Assert.Equal(stored.Layouts.ToDictionary(l => l.Id, l => l.Examples), caughtUp.Layouts.ToDictionary(l => l.Id, l => l.Examples));
        Assert.Equal(2, caughtUp.Layouts.Count);

        // A deletion cannot be caught up with by reading changes: the whole registry is read again.
        var gone = stored.Rules.First(r => r.Field == "ref" && r.Kind == "label");
        Assert.True(await store.DeleteAsync(Tenant.OrganizationId, gone.Id, default));
        Assert.Null(await store.ChangesSinceAsync(Tenant.OrganizationId, "Invoice", before + 1, default));
        var reread = (await reader.ForAsync(Tenant.OrganizationId, "Invoice", default))!;
        Assert.DoesNotContain(reread.Rules, r => r.Identity == gone.Identity);
        Assert.Equal(stored.Rules.Count - 1, reread.Rules.Count);
    }
}
