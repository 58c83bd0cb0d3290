using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quarry.Core.Extraction.Calibration;
using Quarry.Core.Extraction.LineItems;
using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction;

/// <summary>
/// Checks between fields that no single field can make: subtotal + tax = total, and line items add up to the
/// subtotal (or to total − tax, or to the total when their prices include tax). Amounts found apart that add up are
/// strong evidence for all of them; amounts that do not add up are flagged <c>rule_failed:&lt;rule&gt;</c>. How much either outcome is worth is not guessed here: the
/// calibration has a curve per outcome, fitted on labelled documents. Cells are not changed, so the check can run
/// any number of times with the same result.
/// </summary>
public static class CrossFieldRules
{
    public const string SubtotalPlusTaxEqualsTotal = "subtotal_plus_tax_equals_total";
    public const string LineItemsSumToSubtotal = "line_items_sum_equals_subtotal";
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
                Record(agreement, field, agree);
        }
        if (ItemsSum(row) is { } items)
        {
            // What the items may add up to: the subtotal, the total less tax, or the total (prices that include tax).
            var targets = new List<(decimal Value, string[] Fields)>();
            if (subtotal is { } st) targets.Add((st.Value, [st.Field]));
            if (total is { } gt && tax is { } tt) targets.Add((gt.Value - tt.Value, [gt.Field, tt.Field]));
            if (total is { } only) targets.Add((only.Value, [only.Field]));
            if (targets.Count > 0)
            {
                var match = targets.FindIndex(t => Math.Abs(items.Sum - t.Value) <= Tolerance);
                if (match < 0)
                    failed.Add(LineItemsSumToSubtotal);
                foreach (var field in targets[Math.Max(match, 0)].Fields.Append(items.Field))
                    Record(agreement, field, match >= 0);
            }
        }
        return (agreement, failed);
    }

    /// <summary>A field two rules concern agrees only when both agree.</summary>
    private static void Record(Dictionary<string, RuleAgreement> agreement, string field, bool agree) =>
        agreement[field] = agree && agreement.GetValueOrDefault(field) != RuleAgreement.Disagrees ? RuleAgreement.Agrees : RuleAgreement.Disagrees;

    /// <summary>
    /// The sum of the line items' amounts (quantity × unit price where an item has no amount); null when there are no
    /// items or one of them has neither, since a sum with a hole in it proves nothing.
    /// </summary>
    private static (string Field, decimal Sum)? ItemsSum(RowWork row)
    {
        var field = row.Fields.FirstOrDefault(f => f.Type == FieldType.Array && f.Items?.Fields is not null);
        if (field is null || row.CellOf(field.Name).Value is not JsonArray { Count: > 0 } items)
            return null;
        var itemFields = field.Items!.Fields!;
        var amount = itemFields.FirstOrDefault(f => ItemColumns.Of(f) == ItemColumn.Amount && f.Type.IsNumeric());
        var quantity = itemFields.FirstOrDefault(f => ItemColumns.Of(f) == ItemColumn.Quantity && f.Type.IsNumeric());
        var price = itemFields.FirstOrDefault(f => ItemColumns.Of(f) == ItemColumn.UnitPrice && f.Type.IsNumeric());
        var sum = 0m;
        foreach (var item in items)
        {
            if (Number(item?[amount?.Name ?? ""]) is { } a)
                sum += a;
            else if (Number(item?[quantity?.Name ?? ""]) is { } q && Number(item?[price?.Name ?? ""]) is { } p)
                sum += q * p;
            else
                return null;
        }
        return (field.Name, sum);
    }

    private static (string Field, decimal Value)? Amount(RowWork row, FieldIntent intent)
    {
        var field = row.Fields.FirstOrDefault(f => f.Type.IsNumeric() && FieldSemantics.Of(f) == intent);
        return field is not null && Number(row.CellOf(field.Name).Value) is { } d ? (field.Name, d) : null;
    }

    private static decimal? Number(JsonNode? value) =>
        value is not null && value.GetValueKind() == JsonValueKind.Number
        && decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
}
