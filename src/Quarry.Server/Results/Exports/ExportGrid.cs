using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quarry.Core.Schemas;
using Quarry.Data.Stores;

namespace Quarry.Server.Results.Exports;

public enum GridKind { Empty, Text, Number, Boolean, Date }

/// <summary>One cell of a CSV or XLSX export: its kind (for typed spreadsheet cells) and its text (what CSV shows).</summary>
public readonly record struct GridCell(GridKind Kind, string Text, DateOnly Date = default)
{
    public static GridCell Empty { get; } = new(GridKind.Empty, "");

    public static GridCell Of(string? text) => text is null ? Empty : new(GridKind.Text, text);

    public static GridCell Of(double? number) =>
        number is { } n ? new(GridKind.Number, n.ToString("R", CultureInfo.InvariantCulture)) : Empty;
}

/// <summary>
/// The columns of a CSV or XLSX export and each row's cells: the row's own columns, one column per schema field in
/// schema order, then each field's confidence. A row column whose name a field also has is written as
/// <c>row.&lt;name&gt;</c>; field confidences are <c>confidence.&lt;field&gt;</c>. Field names cannot hold a dot, so no
/// header is ever ambiguous.
/// </summary>
public sealed class ExportGrid
{
    public static IReadOnlyList<string> RowColumns { get; } = ["row_id", "document_id", "filename", "status", "confidence", "validation_flags"];

    private readonly IReadOnlyList<FieldDefinition> _fields;

    public ExportGrid(IReadOnlyList<FieldDefinition> fields)
    {
        _fields = fields;
        var names = fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        Header =
        [
            .. RowColumns.Select(c => names.Contains(c) ? "row." + c : c),
            .. fields.Select(f => f.Name),
            .. fields.Select(f => "confidence." + f.Name),
        ];
    }

    public IReadOnlyList<string> Header { get; }

    public IEnumerable<GridCell> Cells(RowWithCells row)
    {
        var r = row.Row;
        yield return GridCell.Of(r.Id.ToString("D"));
        yield return GridCell.Of(r.DocumentId.ToString("D"));
        yield return GridCell.Of(r.Filename);
        yield return GridCell.Of(r.Status);
        yield return GridCell.Of(r.Confidence);
        // Flags never hold spaces (kind:field, rule names, error codes), so a space keeps them apart and readable.
        yield return GridCell.Of(string.Join(' ', ResultRows.Flags(r)));
        var byField = row.Cells.ToDictionary(c => c.Field, StringComparer.Ordinal);
        foreach (var f in _fields)
            yield return Value(f, byField.GetValueOrDefault(f.Name)?.Value);
        foreach (var f in _fields)
            yield return byField.TryGetValue(f.Name, out var c) ? GridCell.Of(c.Confidence) : GridCell.Empty;
    }

    /// <summary>A stored JSON value as a cell: numbers and booleans keep their kind, a date field's value becomes a date.</summary>
    private static GridCell Value(FieldDefinition field, string? json)
    {
        if (json is null)
            return GridCell.Empty;
        var node = JsonNode.Parse(json);
        return node?.GetValueKind() switch
        {
            null or JsonValueKind.Null => GridCell.Empty,
            JsonValueKind.Number => new GridCell(GridKind.Number, node.ToJsonString()),
            JsonValueKind.True => new GridCell(GridKind.Boolean, "true"),
            JsonValueKind.False => new GridCell(GridKind.Boolean, "false"),
            JsonValueKind.String => field.Type == FieldType.Date
                && DateOnly.TryParseExact(node.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? new GridCell(GridKind.Date, node.GetValue<string>(), d)
                    : GridCell.Of(node.GetValue<string>()),
            // Line items and other structured values: compact JSON, one cell.
            _ => GridCell.Of(node.ToJsonString()),
        };
    }
}
