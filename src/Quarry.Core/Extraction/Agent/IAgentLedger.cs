namespace Quarry.Core.Extraction.Agent;

/// <summary>Tokens one model call used, as the provider reported them (or estimated, when it reported none).</summary>
public readonly record struct AgentUsage(long InputTokens, long OutputTokens);

/// <summary>
/// The budget phase 2 draws from. A call is made only after <see cref="TryReserveAsync"/> said yes; every reservation is
/// settled once with what the call used (zero when it failed), so usage counts and budgets stay right under concurrency.
/// </summary>
public interface IAgentLedger
{
    /// <summary>Reserves one call and <paramref name="tokens"/> (the call's estimated size); false when the budget cannot cover it.</summary>
    Task<bool> TryReserveAsync(long tokens, CancellationToken ct);

    /// <summary>Replaces the reservation of <paramref name="reservedTokens"/> with what the call used.</summary>
    Task SettleAsync(long reservedTokens, AgentUsage used, CancellationToken ct);
}
