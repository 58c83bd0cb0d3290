using System.Text.Json.Nodes;
using Quarry.Core.Documents;

namespace Quarry.Core.Extraction;

/// <summary>
/// One field of one row. <see cref="Value"/> is typed JSON (null when not found); <see cref="Raw"/> is the text it was read from;
/// <see cref="Phase"/> is the phase (or <c>human</c>) that last set it; <see cref="Issue"/> carries a problem a later phase
/// turns into a flag (<c>type_mismatch</c>, <c>ambiguous_value</c>).
/// </summary>
public sealed record Cell(JsonNode? Value, string? Raw, double Confidence, string Phase, CellSource? Source, string? Issue = null)
{
    public bool IsFilled => Value is not null;

    public static Cell Empty(string phase) => new(null, null, 0, phase, null);
}

/// <summary>Where a cell's value came from: the page (1-based), the box around it in page coordinates, and the text there.</summary>
public sealed record CellSource(int Page, Box Bbox, string Text);

public static class CellIssues
{
    public const string TypeMismatch = "type_mismatch";
    public const string AmbiguousValue = "ambiguous_value";
}
