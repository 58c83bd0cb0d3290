using System.Text.Json.Nodes;
using Quarry.Core.Documents;
using Quarry.Core.Schemas;
using Quarry.Core.Values;

namespace Quarry.Core.Extraction.LineItems;

/// <summary>
/// Phase 1 for arrays of objects (line items): the item table a reader knew the cells of, else one read from the
/// page's layout. Each item is an object with the item fields as keys (null where its column was empty); values are
/// the text under the column, typed by phase 3. The evidence score is the share of items whose quantity × unit price
/// makes their amount, where the three are there to check.
/// </summary>
public static class LineItemsExtractor
{
    private const double Unchecked = 0.6;
    private const double CheckedFloor = 0.45;
    private const double CheckedSpan = 0.5;
    private const decimal RoundingTolerance = 0.011m;

    public static Cell? Extract(FieldDefinition field, DocumentContent content)
    {
        if (field.Items?.Fields is not { Count: > 0 } itemFields)
            return null;
        var header = new ItemHeader(itemFields);
        var table = GridItemTable.Find(content, header) ?? LayoutItemTable.Find(content, header);
        if (table is null)
            return null;
        var array = new JsonArray();
        foreach (var item in table.Items)
        {
            var obj = new JsonObject();
            foreach (var f in itemFields)
                obj[f.Name] = item.Texts.TryGetValue(f.Name, out var text) ? JsonValue.Create(text) : null;
            array.Add(obj);
        }
        var score = Math.Round(Score(itemFields, table.Items), 4);
        return new Cell(array, table.Text, score, PhaseNames.Resolve, new CellSource(table.Page, table.Box, table.Text),
            Evidence: new Evidence(EvidenceKinds.Table, score));
    }

    private static double Score(IReadOnlyList<FieldDefinition> fields, IReadOnlyList<ReadItem> items)
    {
        var quantity = fields.FirstOrDefault(f => ItemColumns.Of(f) == ItemColumn.Quantity);
        var price = fields.FirstOrDefault(f => ItemColumns.Of(f) == ItemColumn.UnitPrice);
        var amount = fields.FirstOrDefault(f => ItemColumns.Of(f) == ItemColumn.Amount);
        if (quantity is null || price is null || amount is null)
            return Unchecked;
        int checkable = 0, right = 0;
        foreach (var item in items)
        {
            if (Number(item, quantity) is not { } q || Number(item, price) is not { } p || Number(item, amount) is not { } a)
                continue;
            checkable++;
            if (Math.Abs(q * p - a) <= Math.Max(RoundingTolerance, Math.Abs(a) * 0.005m))
                right++;
        }
        return checkable == 0 ? Unchecked : CheckedFloor + CheckedSpan * right / checkable;
    }

    private static decimal? Number(ReadItem item, FieldDefinition field) =>
        item.Texts.TryGetValue(field.Name, out var text) && AmountValue.TryFind(text, out var a, out _, out _) ? a.Value : null;
}
