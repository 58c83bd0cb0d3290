using System.Text.Json.Nodes;
using Quarry.Core.Documents;

namespace Quarry.Core.Extraction;

/// <summary>
/// One field of one row. <see cref="Value"/> is typed JSON (null when not found); <see cref="Raw"/> is the text it was read from;
/// <see cref="Phase"/> is the phase (or <c>human</c>) that last set it; <see cref="Issue"/> carries a problem a later phase
/// turns into a flag (<c>type_mismatch</c>, <c>ambiguous_value</c>); <see cref="Evidence"/> says how phase 1 found the value, from
/// which the calibration (<see cref="ConfidenceCalibration"/>) computes <see cref="Confidence"/>.
/// </summary>
public sealed record Cell(JsonNode? Value, string? Raw, double Confidence, string Phase, CellSource? Source, string? Issue = null, Evidence? Evidence = null)
{
    public bool IsFilled => Value is not null;

    public static Cell Empty(string phase) => new(null, null, 0, phase, null);
}

/// <summary>
/// Where a cell's value came from: the page (1-based), the box around it in page coordinates, and the text there.
/// <see cref="Kind"/> is set only for values that did not come from reading the page alone (<c>registry</c>, <c>agent</c>).
/// </summary>
public sealed record CellSource(int Page, Box Bbox, string Text)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; init; }
}

public static class CellIssues
{
    public const string TypeMismatch = "type_mismatch";
    public const string AmbiguousValue = "ambiguous_value";
}

/// <summary>
/// How a value was found (<see cref="EvidenceKinds"/>) and the raw strength of that evidence (0–1): what the extractor
/// measured before calibration turned it into a probability of being right.
/// </summary>
public sealed record Evidence(string Kind, double Score);

public static class EvidenceKinds
{
    /// <summary>A label, the value to its right on the same line.</summary>
    public const string Label = "label";

    /// <summary>A label, the value on the line below it.</summary>
    public const string LabelBelow = "label_below";

    /// <summary>A value recognised by its shape alone (an IBAN, an e-mail, a date), no label.</summary>
    public const string Pattern = "pattern";

    /// <summary>A value read from its place on the page (the issuer's name at the top).</summary>
    public const string Layout = "layout";

    /// <summary>A value read from a sentence that states it ("governed by the laws of …").</summary>
    public const string Sentence = "sentence";

    /// <summary>
    /// A total the receipt's own arithmetic gives — the amount tendered less the change — found printed on the page;
    /// the score is that of the label that states it, or a fixed one where no label of the field does.
    /// </summary>
    public const string Arithmetic = "arithmetic";

    /// <summary>Rows of an item table under its headings (line items).</summary>
    public const string Table = "table";

    /// <summary>
    /// A rule the Field Registry learned from confirmed rows; the score is the rule's measured accuracy (Laplace-smoothed
    /// right/seen) and is the cell's confidence as it stands: calibration has no curve for it.
    /// </summary>
    public const string Registry = "registry";

    /// <summary>
    /// A value a language model gave in phase 2, with a quote found in the document; the score is the agent's confidence from
    /// the grounding quality and the agreement with phase 1 (see <see cref="Agent.AgentConfidence"/>), kept as it stands.
    /// </summary>
    public const string Agent = "agent";
}
