using System.Text.Json.Nodes;
using Quarry.Core.Extraction;
using Quarry.Testing;

namespace Quarry.Server.Tests;

/// <summary>The job's <c>phases</c>: per phase, how many rows completed it, run it now, wait for it, or failed.</summary>
public sealed class JobPhaseCountTests : DatabaseTest
{
    [Fact]
    public async Task A_running_job_counts_each_phase_completed_running_pending_and_failed_and_they_add_up()
    {
        // Phase 2 is held: the readable invoice has done phase 1 and is in phase 2; the corrupt file fails at once.
        var gate = new GateHooks(PhaseNames.Agent);
        await using var host = new QuarryHost(Db, hooks: gate);
        var t = await host.NewTenantAsync();
        var schema = await t.Client.CreateInvoiceSchemaAsync();
        var docs = await t.Client.UploadAsync(("inv.pdf", TestInvoices.October()), ("bad.pdf", "%PDF-1.7 not a pdf"u8.ToArray()));
        var job = await t.Client.CreateJobAsync(schema.Id(), docs.Select(d => d!.Id()));
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60));

        var running = await t.Client.WaitForAsync($"/v1/jobs/{job.Id()}", j => Counts(j, PhaseNames.Resolve)[3] == 1);
        Assert.Equal([1, 0, 0, 1], Counts(running, PhaseNames.Resolve));
        Assert.Equal([0, 1, 0, 1], Counts(running, PhaseNames.Agent));
        Assert.Equal([0, 0, 1, 1], Counts(running, PhaseNames.Normalize));
        Assert.Equal([0, 0, 1, 1], Counts(running, PhaseNames.Transform));
        Assert.Equal(PhaseNames.InOrder, running["phases"]!.AsObject().Select(p => p.Key));

        gate.Open();
        var done = await t.Client.WaitForJobAsync(job.Id());
        Assert.Equal("complete", done["status"]!.GetValue<string>());
        foreach (var phase in PhaseNames.InOrder)
            Assert.Equal([1, 0, 0, 1], Counts(done, phase));
    }

    [Fact]
    public async Task A_new_job_has_every_row_pending_in_every_phase()
    {
        // No worker runs in an api-only process, so the rows stay where the job put them.
        await using var host = new QuarryHost(Db, new Dictionary<string, string?> { ["Quarry:Role"] = "api" });
        var t = await host.NewTenantAsync();
        var schema = await t.Client.CreateInvoiceSchemaAsync();
        var docs = await t.Client.UploadAsync(("a.pdf", TestInvoices.October()), ("b.pdf", TestInvoices.November()));
        var job = await t.Client.CreateJobAsync(schema.Id(), docs.Select(d => d!.Id()));
        foreach (var phase in PhaseNames.InOrder)
            Assert.Equal([0, 0, 2, 0], Counts(job, phase));
    }

    /// <summary>completed, running, pending, failed of one phase.</summary>
    private static int[] Counts(JsonNode job, string phase)
    {
        var c = job["phases"]![phase]!;
        return [c["completed"]!.GetValue<int>(), c["running"]!.GetValue<int>(), c["pending"]!.GetValue<int>(), c["failed"]!.GetValue<int>()];
    }
}
