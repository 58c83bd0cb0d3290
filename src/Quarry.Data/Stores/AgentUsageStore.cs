using Dapper;

namespace Quarry.Data.Stores;

/// <summary>What phase 2 used on one row (document): model calls and tokens.</summary>
public sealed class RowAgentUsage
{
    public int AgentCalls { get; init; }
    public long AgentInputTokens { get; init; }
    public long AgentOutputTokens { get; init; }
}

/// <summary>
/// Phase 2's budget and usage, counted in the database so every worker of every process sees one total. A call is
/// reserved with one conditional UPDATE (the row lock on PostgreSQL, the single writer on SQLite make it atomic) and
/// settled after the call with what it used.
/// </summary>
public sealed class AgentUsageStore(QuarryDatabase db)
{
    /// <summary>Counts one call and reserves <paramref name="tokens"/> when the job's budget still covers both; false when it does not.</summary>
    public async Task<bool> TryReserveAsync(Guid jobId, long tokens, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            """
            UPDATE jobs SET agent_calls = agent_calls + 1, agent_reserved_tokens = agent_reserved_tokens + @tokens
            WHERE id = @jobId
              AND (max_agent_calls IS NULL OR agent_calls < max_agent_calls)
              AND (max_agent_tokens IS NULL OR agent_input_tokens + agent_output_tokens + agent_reserved_tokens + @tokens <= max_agent_tokens)
            """, new { jobId, tokens }, cancellationToken: ct)) == 1;
    }

    /// <summary>Releases a reservation and records what the call used, on the job and on the row, in one transaction.</summary>
    public async Task SettleAsync(Guid jobId, Guid rowId, long reservedTokens, long inputTokens, long outputTokens, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var p = new { jobId, rowId, reservedTokens, inputTokens, outputTokens };
        await conn.ExecuteAsync(new CommandDefinition(
            """
            UPDATE jobs SET agent_reserved_tokens = agent_reserved_tokens - @reservedTokens,
                            agent_input_tokens = agent_input_tokens + @inputTokens, agent_output_tokens = agent_output_tokens + @outputTokens
            WHERE id = @jobId
            """, p, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            """
            UPDATE job_rows SET agent_calls = agent_calls + 1,
                                agent_input_tokens = agent_input_tokens + @inputTokens, agent_output_tokens = agent_output_tokens + @outputTokens
            WHERE id = @rowId
            """, p, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<RowAgentUsage> RowUsageAsync(Guid rowId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleAsync<RowAgentUsage>(new CommandDefinition(
            "SELECT agent_calls, agent_input_tokens, agent_output_tokens FROM job_rows WHERE id = @rowId", new { rowId }, cancellationToken: ct));
    }
}
