using Microsoft.Extensions.DependencyInjection;
using Quarry.Core.Extraction;
using Quarry.Data.Stores;

namespace Quarry.Server.Tests;

/// <summary>Leases renewed by a heartbeat: a phase that runs longer than the lease keeps its row from another process.</summary>
public sealed class LeaseHeartbeatTests : DatabaseTest
{
    // Renewed every second; a beat may come late by two seconds (a busy test machine) before the lease is lost.
    private static readonly Dictionary<string, string?> ShortLease = new() { ["Quarry:Workers:LeaseSeconds"] = "3" };

    [Fact]
    public async Task A_phase_longer_than_the_lease_keeps_its_row_while_another_process_looks_for_work()
    {
        var gate = new GateHooks(PhaseNames.Agent);
        await using var first = new QuarryHost(Db, ShortLease, gate);
        var t = await first.NewTenantAsync();
        var schema = await t.Client.CreateInvoiceSchemaAsync();
        var docs = await t.Client.UploadAsync(("inv.pdf", TestInvoices.October()));
        var job = await t.Client.CreateJobAsync(schema.Id(), [docs[0]!.Id()]);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60));

        // A second process polls for work every 50 ms while the first holds phase 2 for more than two leases.
        await using var second = new QuarryHost(Db, ShortLease);
        second.CreateClient();
        await Task.Delay(TimeSpan.FromSeconds(7));
        gate.Open();

        await t.Client.WaitForJobAsync(job.Id());
        var runs = await first.Services.GetRequiredService<RowStore>().PhaseRunsAsync(Guid.Parse(job.Id()), default);
        var log = string.Join("; ", runs.Select(r => $"{r.Phase} by {r.Worker} at attempt {r.Attempt}, {r.CompletedAt:HH:mm:ss.fff}"));
        Assert.True(runs.Select(r => r.Phase).SequenceEqual(PhaseNames.InOrder), log);
        Assert.Single(runs.Select(r => r.Worker).Distinct());
        Assert.All(runs, r => Assert.Equal(1, r.Attempt));
        Assert.Equal(1, gate.Arrivals);
    }
}
