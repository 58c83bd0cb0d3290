using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quarry.Core.Schemas;
using Quarry.Core.Values;

namespace Quarry.Core.Extraction;

/// <summary>
/// Phase 3: raw text becomes canonical typed values — ISO dates (day/month order read from the document's other
/// dates when they show it), decimals, ISO 4217 codes, enum members, trimmed strings. A value that cannot be read
/// as its type is emptied and marked, so phase 4 flags it rather than
/// shipping text in a number column.
/// </summary>
public sealed class NormalizePhase(DateOrder dateOrder = DateOrder.DayFirst) : IPhase
{
    public string Name => PhaseNames.Normalize;

    public Task<PhaseOutcome> RunAsync(RowWork row, CancellationToken ct)
    {
        // The document's own dates decide the order of its ambiguous ones (03/04/2024 beside 25/12/2024 is day first).
        var inferred = row.Fields.Any(f => f.Type is FieldType.Date or FieldType.DateTime)
            ? DateValue.InferOrder(DocumentText.Joined(row.Content))
            : null;
        var order = inferred ?? dateOrder;
        // When the document does not show its order, the order its issuer was seen to use (Field Registry) decides, asked
        // only once an ambiguous date turns up, from the fingerprint phase 1 took (taken again when another process ran it).
        DateOrder? learned = null;
        var asked = false;
        foreach (var field in row.Fields)
        {
            if (!row.Cells.TryGetValue(field.Name, out var cell) || !cell.IsFilled || cell.Phase == PhaseNames.Human)
                continue;
            if (field.Type == FieldType.Array)
            {
                row.Cells[field.Name] = cell with { Value = NormalizeItems(field, cell.Value!) };
                continue;
            }
            var text = cell.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : cell.Value!.ToJsonString();
            var (value, issue) = Normalize(field, text, order);
            if (issue == CellIssues.AmbiguousValue && inferred is null && row.Registry is { IsEmpty: false } registry)
            {
                if (!asked)
                    (learned, asked) = (registry.DateOrderOf(row.LayoutKeys is { Count: > 0 } keys
                        ? Registry.LayoutFingerprint.FromKeys(keys) : Registry.LayoutFingerprint.Of(row.Content)), true);
                if (learned is { } known)
                    (value, issue) = (Normalize(field, text, known).Value, null);
            }
            if (issue == CellIssues.AmbiguousValue && inferred is not null)
                issue = null;
            row.Cells[field.Name] = cell with { Value = value, Issue = issue, Raw = cell.Raw ?? text };
        }
        return Task.FromResult(PhaseOutcome.Completed);
    }

    /// <summary>The canonical value of <paramref name="text"/> for a field, or (null, type_mismatch).</summary>
    public static (JsonNode? Value, string? Issue) Normalize(FieldDefinition field, string text, DateOrder dateOrder)
    {
        var t = text.Trim();
        switch (field.Type)
        {
            case FieldType.Date:
                return DateValue.TryParse(t, dateOrder, out var d)
                    ? (Iso(d.Date), d.Ambiguous ? CellIssues.AmbiguousValue : null)
                    : Mismatch();
            case FieldType.DateTime:
                if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dto) && t.Length > 10)
                    return (dto.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), null);
                return DateValue.TryParse(t, dateOrder, out var dd)
                    // The time is one quoted literal: DateOnly rejects a format with an unquoted time separator.
                    ? (dd.Date.ToString("yyyy-MM-dd'T00:00:00Z'", CultureInfo.InvariantCulture), dd.Ambiguous ? CellIssues.AmbiguousValue : null)
                    : Mismatch();
            case FieldType.Number:
            case FieldType.CurrencyAmount:
                return Amount(t) is { } n ? (JsonValue.Create(n), null) : Mismatch();
            case FieldType.Integer:
                return Amount(t) is { } i && i == decimal.Truncate(i) && Math.Abs(i) < long.MaxValue ? (JsonValue.Create((long)i), null) : Mismatch();
            case FieldType.Percentage:
                return Amount(t.Replace("%", "", StringComparison.Ordinal)) is { } p ? (JsonValue.Create(p), null) : Mismatch();
            case FieldType.Boolean:
                return Bool(t) is { } b ? (JsonValue.Create(b), null) : Mismatch();
            case FieldType.CurrencyCode:
                return (CurrencyCodes.Normalize(t) ?? t.ToUpperInvariant(), null);
            case FieldType.Iban:
                return (string.Concat(t.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant(), null);
            case FieldType.Duration:
                return DurationValue.TryParse(t, out var iso) ? (iso, null) : Mismatch();
            case FieldType.Enum:
                return (EnumMember(field, t) ?? t, null);
            case FieldType.Array:
                return (null, null);
            default:
                var s = string.Join(' ', t.Trim(OcrDebris).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                return (field.Enum is not null ? EnumMember(field, s) ?? s : s, null);
        }

        static (JsonNode?, string?) Mismatch() => (null, CellIssues.TypeMismatch);
    }

    /// <summary>
    /// Marks OCR leaves at the edges of a text value (a scanner's speck read as "*", a rule's end as "_" or "|"): never
    /// how a name or an address starts or ends, so they are trimmed; the raw text keeps them. Marks that can be data stay
    /// ("=", which starts a spreadsheet formula the exports must defuse, not lose; quotes; brackets).
    /// </summary>
    private static readonly char[] OcrDebris = ['*', '_', '~', '|', '`', '\u2018', '\u2019', '\u2022', '\u00B7', '\u00A6', ' ', '\t'];

    /// <summary>
    /// Each scalar item normalized as a field of the item type would be, items that cannot be read dropped; each
    /// object's properties normalized as their item fields, a property that cannot be read set to null.
    /// </summary>
    private JsonNode NormalizeItems(FieldDefinition field, JsonNode value)
    {
        if (value is not JsonArray items)
            return value.DeepClone();
        if (field.Items?.Fields is { } itemFields)
            return new JsonArray(items.Select(item => NormalizeObject(itemFields, item)).ToArray());
        if (field.Items?.ScalarType is not { } itemType)
            return value.DeepClone();
        var itemField = new FieldDefinition(field.Name, itemType);
        var normalized = new JsonArray();
        foreach (var item in items)
        {
            if (Normalize(itemField, TextOf(item), dateOrder).Value is { } n)
                normalized.Add(n);
        }
        return normalized;
    }

    private JsonNode? NormalizeObject(IReadOnlyList<FieldDefinition> itemFields, JsonNode? item)
    {
        if (item is not JsonObject obj)
            return item?.DeepClone();
        var normalized = new JsonObject();
        foreach (var f in itemFields)
            normalized[f.Name] = obj[f.Name] is { } v ? Normalize(f, TextOf(v), dateOrder).Value : null;
        return normalized;
    }

    /// <summary>A value as text: a JSON string's content, anything else its JSON (empty for null).</summary>
    internal static string TextOf(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString() ?? "";

    internal static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static decimal? Amount(string t)
    {
        if (AmountValue.TryParse(t, out var a) || AmountValue.TryFind(t, out a, out _, out _))
            return a.Value;
        return null;
    }

    private static bool? Bool(string t) => t.ToLowerInvariant() switch
    {
        "yes" or "true" or "y" or "ja" or "oui" or "si" or "sí" or "x" or "✓" or "✔" or "☑" or "1" => true,
        "no" or "false" or "n" or "nein" or "non" or "✗" or "✘" or "☒" or "0" => false,
        _ => null,
    };

    /// <summary>The enum member a text names, ignoring case, spaces and punctuation.</summary>
    private static string? EnumMember(FieldDefinition field, string text)
    {
        var key = Squash(text);
        return field.Enum?.FirstOrDefault(e => Squash(e) == key);

        static string Squash(string s) => string.Concat(s.Where(char.IsLetterOrDigit)).ToLowerInvariant();
    }
}
