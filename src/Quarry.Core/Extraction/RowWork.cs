using Quarry.Core.Documents;
using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction;

/// <summary>The state of one row while the phases work on it. Each phase reads and updates it; the host writes it after every phase.</summary>
public sealed class RowWork(IReadOnlyList<FieldDefinition> fields, DocumentContent content, double reviewThreshold)
{
    public IReadOnlyList<FieldDefinition> Fields { get; } = fields;
    public DocumentContent Content { get; } = content;
    public double ReviewThreshold { get; } = reviewThreshold;
    public Dictionary<string, Cell> Cells { get; init; } = new(StringComparer.Ordinal);
    public List<string> Flags { get; init; } = [];
    public double? Confidence { get; set; }
    public string Status { get; set; } = RowStatuses.Processing;

    /// <summary>What the organization confirmed before for this schema; phase 1 fills cells from it first (null: nothing learned).</summary>
    public Registry.FieldRegistry? Registry { get; init; }

    /// <summary>The document's layout fingerprint keys, set by phase 1 (stored, so a propagated correction finds similar rows without the documents).</summary>
    public IReadOnlyList<string>? LayoutKeys { get; set; }

    /// <summary>Where phase 2 reserves and records its model calls (the job's budget); null: no limit and nothing recorded.</summary>
    public Agent.IAgentLedger? AgentLedger { get; init; }

    public Cell CellOf(string field) => Cells.TryGetValue(field, out var c) ? c : Cell.Empty(PhaseNames.Resolve);
}

public static class RowStatuses
{
    public const string Processing = "processing";
    public const string Approved = "approved";
    public const string Review = "review";
    public const string Rejected = "rejected";
    public const string Failed = "failed";
}
