using System.Globalization;
using System.Text.Json;
using Quarry.Core.Extraction.Calibration;
using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction;

/// <summary>
/// Checks between fields that no single field can make: subtotal + tax = total. Three amounts found apart that add
/// up are strong evidence for all three; amounts that do not add up are flagged
/// <c>rule_failed:subtotal_plus_tax_equals_total</c>. How much either outcome is worth is not guessed here: the
/// calibration has a curve per outcome, fitted on labelled documents. Cells are not changed, so the check can run
/// any number of times with the same result.
/// </summary>
public static class CrossFieldRules
{
    public const string SubtotalPlusTaxEqualsTotal = "subtotal_plus_tax_equals_total";
    private const decimal Tolerance = 0.011m;

    /// <summary>What the rules said about each field they concern (absent: no rule applied) and the names of the rules that failed.</summary>
    public static (Dictionary<string, RuleAgreement> Agreement, List<string> Failed) Evaluate(RowWork row)
    {
        var agreement = new Dictionary<string, RuleAgreement>(StringComparer.Ordinal);
        var failed = new List<string>();
        var subtotal = Amount(row, FieldIntent.Subtotal);
        var tax = Amount(row, FieldIntent.Tax);
        var total = Amount(row, FieldIntent.Total);
        if (subtotal is { } s && tax is { } t && total is { } g)
        {
            var agree = Math.Abs(s.Value + t.Value - g.Value) <= Tolerance;
            if (!agree)
                failed.Add(SubtotalPlusTaxEqualsTotal);
            foreach (var field in new[] { s.Field, t.Field, g.Field })
                agreement[field] = agree ? RuleAgreement.Agrees : RuleAgreement.Disagrees;
        }
        return (agreement, failed);
    }

    private static (string Field, decimal Value)? Amount(RowWork row, FieldIntent intent)
    {
        var field = row.Fields.FirstOrDefault(f => f.Type.IsNumeric() && FieldSemantics.Of(f) == intent);
        if (field is null || row.CellOf(field.Name).Value is not { } value || value.GetValueKind() != JsonValueKind.Number)
            return null;
        return decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (field.Name, d) : null;
    }
}
