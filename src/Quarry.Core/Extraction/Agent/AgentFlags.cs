namespace Quarry.Core.Extraction.Agent;

/// <summary>
/// The flags phase 2 leaves on a row. Phase 4 keeps them (it recomputes every other flag), so a row a model could not
/// help stays in review and says why; a per-field one goes once a person sets that field.
/// </summary>
public static class AgentFlags
{
    /// <summary><c>ungrounded_value:&lt;f&gt;</c>: the model gave a value whose quote is not in the document; the value was rejected.</summary>
    public const string Ungrounded = "ungrounded_value";

    /// <summary><c>agent_disagreement:&lt;f&gt;</c>: the model's grounded value differs from a strong phase-1 value; phase 1's is kept.</summary>
    public const string Disagreement = "agent_disagreement";

    /// <summary>The job's agent budget (calls or tokens) was spent before this row's gaps were asked.</summary>
    public const string BudgetExhausted = "agent_budget_exhausted";

    /// <summary>The provider did not answer (timeouts, 429/5xx after retries, circuit open); phase-1 values kept.</summary>
    public const string Unavailable = "agent_unavailable";

    /// <summary>The provider answered, but not with the JSON object asked for; nothing from that answer was used.</summary>
    public const string InvalidAnswer = "agent_invalid_answer";

    private static readonly string[] FieldKinds = [Ungrounded, Disagreement];
    private static readonly string[] RowFlags = [BudgetExhausted, Unavailable, InvalidAnswer];

    public static string ForField(string kind, string field) => $"{kind}:{field}";

    /// <summary>Whether phase 4 keeps <paramref name="flag"/>: a row flag of phase 2, or a field flag of a field no person has set.</summary>
    public static bool Kept(string flag, Func<string, bool> setByPerson)
    {
        if (RowFlags.Contains(flag, StringComparer.Ordinal))
            return true;
        var colon = flag.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && FieldKinds.Contains(flag[..colon], StringComparer.Ordinal) && !setByPerson(flag[(colon + 1)..]);
    }

    /// <summary>Adds <paramref name="flag"/> once: a phase run twice leaves the same flags.</summary>
    public static void Raise(RowWork row, string flag)
    {
        if (!row.Flags.Contains(flag, StringComparer.Ordinal))
            row.Flags.Add(flag);
    }
}
