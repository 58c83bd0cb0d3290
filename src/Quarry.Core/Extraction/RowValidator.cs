using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Quarry.Core.Extraction.Calibration;
using Quarry.Core.Schemas;
using Quarry.Core.Values;

namespace Quarry.Core.Extraction;

/// <summary>
/// Phase 4's rules, kept apart so a review can recompute a row the same way: flags per field, cross-field rules
/// (<see cref="CrossFieldRules"/>), each found cell's confidence from its evidence and what the rules said about it
/// (<see cref="ConfidenceCalibration"/>), the row confidence and the row status.
/// </summary>
/// <remarks>
/// The row confidence is the probability that every value in the row is right: the product of the cells'
/// confidences, where a field left empty counts as the measured chance that it is truly absent (0 when it is
/// required). Rows are approved only when nothing is flagged and that probability reaches the review threshold.
/// </remarks>
public static partial class RowValidator
{
    [GeneratedRegex(@"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^\+?[\d\s().\-]{6,20}$")]
    private static partial Regex Phone();

    public static void Validate(RowWork row, ConfidenceCalibration? calibration = null)
    {
        calibration ??= ConfidenceCalibration.Default;
        row.Flags.RemoveAll(f => !f.StartsWith("document_error:", StringComparison.Ordinal)
            && !Agent.AgentFlags.Kept(f, field => row.CellOf(field).Phase == PhaseNames.Human));
        var (agreement, failedRules) = CrossFieldRules.Evaluate(row);
        row.Flags.AddRange(failedRules.Select(r => $"rule_failed:{r}"));
        var rowConfidence = 1.0;
        var scored = 0;
        foreach (var field in row.Fields)
        {
            var cell = row.CellOf(field.Name);
            var group = CalibrationKey.GroupOf(field);
            if (!cell.IsFilled)
            {
                if (cell.Issue == CellIssues.TypeMismatch)
                    row.Flags.Add($"type_mismatch:{field.Name}");
                else if (field.Required)
                    row.Flags.Add($"missing_required_field:{field.Name}");
                // A person who emptied an optional field says it is absent: that is certain, not a measured rate.
                rowConfidence *= field.Required ? 0 : cell.Phase == PhaseNames.Human ? 1 : calibration.AbsentIsRight(group);
                scored += field.Required ? 1 : 0;
                continue;
            }
            // Registry cells carry the rule's own measured accuracy as their confidence, agent cells their grounding score; no curve is fitted for either.
            if (cell.Evidence is { } evidence && cell.Phase != PhaseNames.Human && evidence.Kind is not (EvidenceKinds.Registry or EvidenceKinds.Agent))
            {
                var rule = agreement.TryGetValue(field.Name, out var a) ? a : RuleAgreement.None;
                cell = cell with { Confidence = calibration.Confidence(evidence, group, rule) };
                row.Cells[field.Name] = cell;
            }
            rowConfidence *= cell.Confidence;
            scored++;
            if (cell.Issue == CellIssues.AmbiguousValue)
                row.Flags.Add($"ambiguous_value:{field.Name}");
            foreach (var kind in Check(field, cell.Value!))
                row.Flags.Add($"{kind}:{field.Name}");
            if (cell.Confidence < row.ReviewThreshold && cell.Phase != PhaseNames.Human)
                row.Flags.Add($"low_confidence:{field.Name}");
        }
        row.Confidence = scored == 0 ? null : Math.Round(rowConfidence, 4);
        row.Status = row.Flags.Count == 0 && row.Confidence >= row.ReviewThreshold ? RowStatuses.Approved : RowStatuses.Review;
    }

    /// <summary>The flag kinds a filled value raises against its field: type, format, enum and range.</summary>
    public static IEnumerable<string> Check(FieldDefinition field, JsonNode value)
    {
        var kind = value.GetValueKind();
        // Numbers are read from their JSON text: a value built in memory holds a long or a double, which GetValue<decimal> refuses.
        decimal? number = kind == JsonValueKind.Number
            && decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
        var typeOk = field.Type switch
        {
            FieldType.Number or FieldType.CurrencyAmount or FieldType.Percentage => kind == JsonValueKind.Number,
            FieldType.Integer => number is { } i && i == decimal.Truncate(i),
            FieldType.Boolean => kind is JsonValueKind.True or JsonValueKind.False,
            FieldType.Array => kind == JsonValueKind.Array,
            _ => kind == JsonValueKind.String,
        };
        if (!typeOk)
        {
            yield return "type_mismatch";
            yield break;
        }
        var text = kind == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        if (!FormatOk(field, text))
            yield return "format_mismatch";
        else if (field.Pattern is not null && !PatternMatches(field.Pattern, text))
            yield return "format_mismatch";
        if (field.Enum is { Count: > 0 } values && !values.Contains(text, StringComparer.Ordinal))
            yield return "enum_mismatch";
        if (field.Type.IsNumeric() && number is { } n && (n < field.Min || n > field.Max))
            yield return "out_of_range";
        if (field.Type == FieldType.Array && value is JsonArray arr && (arr.Count < field.Min || arr.Count > field.Max))
            yield return "out_of_range";
    }

    private static bool FormatOk(FieldDefinition field, string text) => field.Type switch
    {
        FieldType.Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        FieldType.DateTime => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        FieldType.Email => Email().IsMatch(text),
        FieldType.Url => Uri.TryCreate(text.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? "https://" + text : text, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps),
        FieldType.Iban => IbanValue.IsValid(text),
        FieldType.CurrencyCode => CurrencyCodes.IsCode(text),
        FieldType.Phone => Phone().IsMatch(text),
        FieldType.Duration => DurationValue.TryParse(text, out var iso) && iso == text,
        _ => true,
    };

    private static bool PatternMatches(string pattern, string text)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
