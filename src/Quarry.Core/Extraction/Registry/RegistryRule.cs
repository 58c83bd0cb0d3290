namespace Quarry.Core.Extraction.Registry;

public static class RuleKinds
{
    /// <summary>The same value every time for this layout (an issuer's name or address).</summary>
    public const string Constant = "constant";

    /// <summary>The value follows a label phrase on its line.</summary>
    public const string Label = "label";

    /// <summary>The value starts the line below a label phrase.</summary>
    public const string LabelAbove = "label_above";

    /// <summary>Global, arrays of text: an item lies between two tokens (key "before|after") with a casing shape.</summary>
    public const string Item = "item";

    /// <summary>Per array field, global only: how often the items the registry read were exactly the confirmed array.</summary>
    public const string ItemFill = "item_fill";

    /// <summary>Per field, global only: how often a layout's constant value was right when tested (is this field constant per issuer?).</summary>
    public const string Constancy = "constancy";

    /// <summary>
    /// Per text field, global only: how often a constant some layout confirmed, found printed again on a document
    /// (<see cref="KnownValues"/>), was the document's value. Keyed by <see cref="KnownHit.Bucket"/>.
    /// </summary>
    public const string Known = "known";

    /// <summary>
    /// Per layout and global, for all date fields (field ""): how often a confirmed date was printed day first (key
    /// <c>day_first</c>); see <c>FieldRegistry.DateOrder.cs</c>.
    /// </summary>
    public const string DateOrder = "date_order";

    /// <summary>
    /// Per layout and global, per text field: how often a layout's shared start plus the words printed after it was the
    /// confirmed value; see <c>FieldRegistry.Templates.cs</c>.
    /// </summary>
    public const string Template = "template";
}

/// <summary>
/// One thing the registry learned about a field, at one layout (a fingerprint id) or at the global level
/// (<see cref="GlobalLayout"/>). <see cref="Seen"/> counts the confirmed documents it was tested on (it made a
/// prediction) and <see cref="Right"/> how many of those it got right; both halve past <see cref="Window"/> so recent
/// behaviour outweighs old successes.
/// </summary>
public sealed class RegistryRule
{
    public const string GlobalLayout = "*";
    public const double Window = 64;

    public Guid Id { get; init; } = Guid.NewGuid();
    public required string Layout { get; init; }
    public required string Field { get; init; }
    public required string Kind { get; init; }

    /// <summary>The normalized label phrase (label rules) or the value's JSON (constant rules).</summary>
    public required string Key { get; init; }

    /// <summary>The value's shape when learned (<see cref="ValueShape"/>); null for constants.</summary>
    public string? Shape { get; init; }

    /// <summary>How many words the value had.</summary>
    public int Words { get; init; }

    /// <summary>A constant rule's value, as JSON.</summary>
    public string? Value { get; init; }

    /// <summary>The value's centre relative to the page (0–1), from the latest example.</summary>
    public double X { get; set; }
    public double Y { get; set; }

    public double Seen { get; set; }
    public double Right { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// How often the rule was tested, not counting the example it was learned from (a label or constant rule starts at
    /// seen 1, right 1 from that example, which it reads back by construction and so proves nothing); a constancy
    /// record has no such example.
    /// </summary>
    public double Tests => TestsOf(Kind, Seen);

    /// <summary>How many of <see cref="Tests"/> it got right.</summary>
    public double Hits => TestsOf(Kind, Right);

    private static double TestsOf(string kind, double count) => kind is RuleKinds.Constancy or RuleKinds.ItemFill or RuleKinds.Known or RuleKinds.DateOrder or RuleKinds.Template ? count : Math.Max(0, count - 1);

    /// <summary><see cref="Accuracy"/> from stored counts (what the registry API shows).</summary>
    public static double AccuracyOf(string kind, double seen, double right) => (TestsOf(kind, right) + 1) / (TestsOf(kind, seen) + 2);

    /// <summary>
    /// The probability the rule reads the right value next time: the mean of its Beta(1, 1) posterior over the tests,
    /// (hits + 1) / (tests + 2). An untested rule is 0.5; each right test moves it up (0.67, 0.75, 0.8, …).
    /// </summary>
    public double Accuracy => (Hits + 1) / (Tests + 2);

    public string Identity => RuleIdentity(Layout, Field, Kind, Key, Shape);

    public static string RuleIdentity(string layout, string field, string kind, string key, string? shape) =>
        string.Join('\u001f', layout, field, kind, key, shape is null ? "" : ValueShape.Compact(shape));

    public void Observe(bool right, DateTimeOffset now)
    {
        Seen++;
        if (right) Right++;
        if (Seen > Window)
        {
            Seen /= 2;
            Right /= 2;
        }
        UpdatedAt = now;
    }
}

/// <summary>A layout the registry has seen: its id, the fingerprint keys it is recognised by, and how many confirmed documents it had.</summary>
public sealed class RegistryLayout
{
    public required string Id { get; init; }
    public List<string> Keys { get; init; } = [];
    public int Examples { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
