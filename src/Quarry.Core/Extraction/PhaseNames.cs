namespace Quarry.Core.Extraction;

public static class PhaseNames
{
    public const string Resolve = "phase_1_resolve";
    public const string Agent = "phase_2_agent";
    public const string Normalize = "phase_3_resolve";
    public const string Transform = "phase_4_transform";
    public const string Human = "human";

    /// <summary>The phases in the order they run; a row's progress is the index of the next one.</summary>
    public static IReadOnlyList<string> InOrder { get; } = [Resolve, Agent, Normalize, Transform];
}
