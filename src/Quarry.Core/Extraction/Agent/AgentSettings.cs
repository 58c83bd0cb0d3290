namespace Quarry.Core.Extraction.Agent;

/// <summary>How phase 2 talks to a model, whatever the provider.</summary>
public sealed record AgentSettings
{
    /// <summary>Characters of document text per call; a longer document is sent in windows of whole pages.</summary>
    public int WindowChars { get; init; } = 24_000;

    /// <summary>The most tokens a call may answer with (sent to the provider, and counted in the reservation).</summary>
    public int MaxOutputTokens { get; init; } = 1_024;

    /// <summary>Ask for the provider's JSON-schema structured output; off for servers that reject it.</summary>
    public bool StructuredOutput { get; init; } = true;

    /// <summary>A phase-1 value at or above this confidence is a strong candidate: a model that disagrees is flagged, not followed.</summary>
    public double StrongCandidate { get; init; } = 0.5;
}
