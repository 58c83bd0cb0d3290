using Quarry.Core.Extraction.Agent;
using Quarry.Data.Stores;
using Quarry.Server.Telemetry;

namespace Quarry.Server.Agent;

/// <summary>One row's view of its job's agent budget: reservations against the job, usage recorded on the job and the row.</summary>
public sealed class JobAgentLedger(AgentUsageStore usage, QuarryMetrics metrics, Guid jobId, Guid rowId) : IAgentLedger
{
    public Task<bool> TryReserveAsync(long tokens, CancellationToken ct) => usage.TryReserveAsync(jobId, tokens, ct);

    public async Task SettleAsync(long reservedTokens, AgentUsage used, CancellationToken ct)
    {
        await usage.SettleAsync(jobId, rowId, reservedTokens, used.InputTokens, used.OutputTokens, ct);
        metrics.AgentTokensUsed(used.InputTokens, used.OutputTokens);
    }
}
