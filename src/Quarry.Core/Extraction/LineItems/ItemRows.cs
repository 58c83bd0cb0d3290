using Quarry.Core.Documents;
using Quarry.Core.Schemas;
using Quarry.Core.Values;

namespace Quarry.Core.Extraction.LineItems;

/// <summary>One item as read: the text of each item field it has, and where its rows stand.</summary>
public sealed record ReadItem(IReadOnlyDictionary<string, string> Texts, int Page, Box? Box);

/// <summary>
/// Turns the rows under an item heading into items. A row with a number in a numeric column starts an item. A row of
/// text alone is a description that goes on: it belongs to the next item when that item has no description of its own
/// (receipts print the name, then "2 x 15.50  31.00" below it), otherwise to the item before (a wrapped description),
/// unless a subtotal closed a section between them.
/// Schemas whose items have no numeric field take every row as an item.
/// </summary>
public sealed class ItemRows(IReadOnlyList<FieldDefinition> fields)
{
    private readonly List<Dictionary<string, string>> _items = [];
    private readonly List<(int Page, Box? Box)> _places = [];
    private readonly List<string> _pending = [];
    private bool _afterSection;
    private readonly FieldDefinition? _description = fields.FirstOrDefault(f => ItemColumns.Of(f) == ItemColumn.Description)
        ?? fields.FirstOrDefault(f => f.Type == FieldType.String);
    private readonly bool _hasNumeric = fields.Any(ItemColumns.HoldsNumbers);

    public int Count => _items.Count;

    /// <summary>Adds one row: the text under each field's column (fields absent when the column is empty).</summary>
    public void Add(IReadOnlyDictionary<FieldDefinition, string> row, int page, Box? box)
    {
        if (row.Count == 0) return;
        var startsItem = !_hasNumeric || row.Any(kv => ItemColumns.HoldsNumbers(kv.Key) && IsNumberText(kv.Value));
        if (!startsItem)
        {
            _pending.Add(string.Join(' ', row.Values));
            return;
        }
        var afterSection = _afterSection;
        _afterSection = false;
        var item = row.Where(kv => kv.Value.Length > 0).ToDictionary(kv => kv.Key.Name, kv => kv.Value, StringComparer.Ordinal);
        if (_pending.Count > 0 && _description is not null)
        {
            if (!item.ContainsKey(_description.Name))
                item[_description.Name] = string.Join(' ', _pending);
            else if (!afterSection)
                AppendToLast(string.Join(' ', _pending));
            _pending.Clear();
        }
        _items.Add(item);
        _places.Add((page, box));
    }

    /// <summary>
    /// A subtotal closed a section: text read so far goes on the last item's description; text read after it (a new
    /// section's heading) belongs to no item before it.
    /// </summary>
    public void EndSection()
    {
        if (_pending.Count > 0 && !_afterSection)
            AppendToLast(string.Join(' ', _pending));
        _pending.Clear();
        _afterSection = true;
    }

    /// <summary>The items read, text left over after the last one going to its description unless a section ended between.</summary>
    public IReadOnlyList<ReadItem> Finish()
    {
        if (_pending.Count > 0 && !_afterSection)
            AppendToLast(string.Join(' ', _pending));
        _pending.Clear();
        return _items.Select((item, i) => new ReadItem(item, _places[i].Page, _places[i].Box)).ToList();
    }

    private void AppendToLast(string text)
    {
        if (_items.Count == 0 || _description is null) return;
        var last = _items[^1];
        last[_description.Name] = last.TryGetValue(_description.Name, out var d) ? $"{d} {text}" : text;
    }

    /// <summary>The longest run of digits a quantity or price has; longer runs are codes (EAN barcodes, article numbers).</summary>
    private const int MaxDigits = 10;

    /// <summary>
    /// True when the text is a number as item columns hold them: an amount ("15.50", "RM 9.00", "-5.59"), or a count
    /// with its unit or sign ("2", "1 PC", "2 x", "x2"); not a code, and not words that happen to contain a number.
    /// </summary>
    public static bool IsNumberText(string text)
    {
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var numbers = tokens.Where(t => t.Any(char.IsDigit)).ToList();
        if (numbers.Count != 1 || numbers[0].Count(char.IsDigit) > MaxDigits)
            return false;
        var others = tokens.Where(t => !t.Any(char.IsDigit));
        var number = numbers[0].Trim('x', 'X', '*', '@', '×');
        return number.Length > 0 && others.All(t => t.Length <= 4) && AmountValue.TryParse(number, out _);
    }
}
