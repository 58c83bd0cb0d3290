using System.Text.Json.Nodes;
using Quarry.Core.Documents;
using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction.Registry;

/// <summary>
/// What an organization confirmed before, for one schema: per field, label phrases with the value's shape, position and
/// length, and values that are constant per layout — at each layout (fingerprint) and at a global level. Learning tests
/// every rule that applies to a confirmed document before adding what the document shows, so each rule's counts say how
/// often it was right. Pure and in memory; storage is the caller's. Reading (<see cref="Prepare"/>) never changes it, so one
/// instance may serve many threads while nothing learns.
/// </summary>
public sealed partial class FieldRegistry
{
    /// <summary>
    /// Rules weaker than this never fill a cell. Low on purpose: the confidence is a measured probability, so a value
    /// right a third of the time still helps a reviewer in an otherwise empty cell, and it sends the row to review.
    /// </summary>
    public const double MinConfidence = 0.3;

    /// <summary>Global rules must have been tested this often before they fill a cell of an unknown layout.</summary>
    public const double MinGlobalSeen = 10;

    private const int GlobalRulesTried = 15;
    private const int LocationsLearned = 3;
    private const int MaxSpanWords = 4;
    private const int PhraseTokens = 3;
    private const int MaxLayoutKeys = 16;
    private const int MaxUnrepeatedConstants = 4;

    private readonly Dictionary<string, RegistryRule> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RegistryLayout> _layouts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _keyIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Layout, string Field), List<RegistryRule>> _byLayoutField = [];

    // Global label rules by field and phrase: a page finds the ones it can match through its own phrases, so the cost of
    // learning and filling does not grow with the number of phrases ever learned (issuer-specific ones pile up here).
    private readonly Dictionary<(string Field, string Phrase), List<RegistryRule>> _globalByPhrase = [];
    private readonly KnownValues _known = new();
    private readonly HashSet<RegistryRule> _dirtyRules = [];
    private readonly HashSet<RegistryLayout> _dirtyLayouts = [];

    public static FieldRegistry Empty => new();

    public static FieldRegistry From(IEnumerable<RegistryRule> rules, IEnumerable<RegistryLayout> layouts)
    {
        var r = new FieldRegistry();
        foreach (var l in layouts) r.AddLayout(l);
        foreach (var rule in rules) r.AddRule(rule);
        return r;
    }

    /// <summary>
    /// A copy to learn on while readers keep using this one (a server's cached registry is read by phase 1 threads and
    /// must never change under them). Rules and layouts are copied; nothing is pending in the copy.
    /// </summary>
    public FieldRegistry Clone() => From(
        _rules.Values.Select(r => new RegistryRule
        {
            Id = r.Id, Layout = r.Layout, Field = r.Field, Kind = r.Kind, Key = r.Key, Shape = r.Shape, Words = r.Words, Value = r.Value,
            X = r.X, Y = r.Y, Seen = r.Seen, Right = r.Right, UpdatedAt = r.UpdatedAt,
        }),
        _layouts.Values.Select(l => new RegistryLayout { Id = l.Id, Keys = [.. l.Keys], Examples = l.Examples, UpdatedAt = l.UpdatedAt }));

    /// <summary>
    /// Takes in rules and layouts another process saved (by identity: a known rule gets the stored counts and place, a new
    /// one is added, with its indexes). For a copy nobody reads yet: a registry phase 1 threads are reading must not change.
    /// </summary>
    public void Apply(IEnumerable<RegistryRule> rules, IEnumerable<RegistryLayout> layouts)
    {
        foreach (var layout in layouts)
        {
            if (!_layouts.TryGetValue(layout.Id, out var known))
            {
                AddLayout(layout);
                continue;
            }
            foreach (var key in layout.Keys.Where(k => !known.Keys.Contains(k)))
            {
                known.Keys.Add(key);
                Index(key, known.Id);
            }
            known.Examples = layout.Examples;
            known.UpdatedAt = layout.UpdatedAt;
        }
        foreach (var rule in rules)
        {
            if (!_rules.TryGetValue(rule.Identity, out var known))
            {
                AddRule(rule);
                continue;
            }
            (known.X, known.Y, known.Seen, known.Right, known.UpdatedAt) = (rule.X, rule.Y, rule.Seen, rule.Right, rule.UpdatedAt);
        }
    }

    public IReadOnlyCollection<RegistryRule> Rules => _rules.Values;
    public IReadOnlyCollection<RegistryLayout> Layouts => _layouts.Values;
    public bool IsEmpty => _rules.Count == 0;

    /// <summary>The rules and layouts changed since the last call, for the store to save.</summary>
    public (IReadOnlyList<RegistryRule> Rules, IReadOnlyList<RegistryLayout> Layouts) TakeChanges()
    {
        var changes = (_dirtyRules.ToList(), _dirtyLayouts.ToList());
        _dirtyRules.Clear();
        _dirtyLayouts.Clear();
        return changes;
    }

    /// <summary>
    /// The known layout a fingerprint belongs to: keys held by exactly one layout vote for it (an id counts three, a top
    /// line one); a layout with ids, none of them on the document, is another issuer, and so is a layout that showed no id
    /// in two or more documents against a document that prints one. Strong from a score of 2.
    /// </summary>
    public (RegistryLayout? Layout, int Score) Match(LayoutFingerprint fp)
    {
        var votes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in fp.Keys.Where(k => !k.StartsWith(LayoutFingerprint.LabelsPrefix, StringComparison.Ordinal)))
        {
            if (_keyIndex.TryGetValue(key, out var layouts) && layouts.Count == 1)
            {
                var id = layouts.First();
                votes[id] = votes.GetValueOrDefault(id) + (key.StartsWith(LayoutFingerprint.IdPrefix, StringComparison.Ordinal) ? 3 : 1);
            }
        }
        var docIds = fp.Keys.Where(k => k.StartsWith(LayoutFingerprint.IdPrefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, score) in votes.OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal))
        {
            var layout = _layouts[id];
            var layoutIds = layout.Keys.Where(k => k.StartsWith(LayoutFingerprint.IdPrefix, StringComparison.Ordinal)).ToList();
            if (docIds.Count > 0 && layoutIds.Count > 0 && !layoutIds.Any(docIds.Contains))
                continue;
            // Heading words alone, on a page that prints a registration id the layout never showed in several documents:
            // another issuer with the same heading (a franchise's name, "TAX INVOICE"), not this one.
            if (docIds.Count > 0 && layoutIds.Count == 0 && layout.Examples >= 2)
                continue;
            return (layout, score);
        }
        return (null, 0);
    }

    /// <summary>A document ready to be filled from the registry: its layout matched once for all fields.</summary>
    public RegistryView Prepare(DocumentContent content, LayoutFingerprint? fingerprint = null) =>
        new(this, new DocumentLines(content), StrongMatch(fingerprint ?? LayoutFingerprint.Of(content)));

    /// <summary>A match score from which a document belongs to the layout (an id, or two top lines).</summary>
    public const int StrongScore = 2;

    /// <summary>The known layout a fingerprint matches strongly, else null: what phase 1 fills from and propagation groups by.</summary>
    public RegistryLayout? StrongMatch(LayoutFingerprint fp) => Match(fp) is { Layout: { } layout, Score: >= StrongScore } ? layout : null;

    internal IReadOnlyList<RegistryRule> RulesOf(string layout, string field) =>
        _byLayoutField.TryGetValue((layout, field), out var list) ? list : [];

    /// <summary>How often a layout's constant value of this field was right when tested (0.5 before any test).</summary>
    internal double Constancy(string field) => ConstancyRecord(field, "") is { } r ? r.Accuracy : 0.5;

    /// <summary>A document prints at least this share of a constant's words to count as showing it.</summary>
    public const double ShownShare = 0.5;

    private static string ShowsKey(double share) => share >= ShownShare ? "shown" : "hidden";

    private RegistryRule? ConstancyRecord(string field, string key) => Record(RegistryRule.GlobalLayout, field, RuleKinds.Constancy, key);

    /// <summary>
    /// How a document that prints <paramref name="share"/> of a constant changes its confidence: the field's constancy on
    /// such documents over its constancy on all, measured (a Beta posterior around the overall figure, so 1 until tested).
    /// </summary>
    internal double ShowsFactor(string field, double share)
    {
        var overall = Constancy(field);
        if (ConstancyRecord(field, ShowsKey(share)) is not { } r)
            return 1;
        return Math.Min(1, (r.Hits + 2 * overall) / (r.Tests + 2) / overall);
    }

    /// <summary>
    /// A constant rule's confidence: its own tests, with a prior worth two documents. The prior is the field's constancy
    /// (how often a layout's constant held when the layout came back), times the share of this layout's documents on which
    /// its value did not change: a layout whose value already changed (a chain's branches share a heading and a
    /// registration number but not an address) does not lend an untested value the credit of a field that never changes.
    /// </summary>
    internal double ConstantConfidence(RegistryRule rule)
    {
        var values = RulesOf(rule.Layout, rule.Field).Count(r => r.Kind == RuleKinds.Constant);
        var examples = _layouts.TryGetValue(rule.Layout, out var layout) ? layout.Examples : 1;
        // Each value beyond the first is a time this layout's value changed, out of the documents it had.
        var held = Math.Clamp(1 - (values - 1) / (double)Math.Max(1, examples), 0, 1);
        var prior = Constancy(rule.Field) * held;
        return (rule.Hits + 2 * prior) / (rule.Tests + 2);
    }

    /// <summary>
    /// Learns from one confirmed document: <paramref name="known"/> holds the values a person confirmed (or a labelled
    /// example states). Rules that apply are tested first (seen, right), then what the document shows is added.
    /// </summary>
    public void Learn(IReadOnlyList<FieldDefinition> fields, DocumentContent content, IReadOnlyDictionary<string, JsonNode?> known, DateTimeOffset now)
    {
        var fp = LayoutFingerprint.Of(content);
        var (matched, score) = Match(fp);
        var layout = score >= StrongScore && matched is not null ? matched : _layouts.GetValueOrDefault(fp.Id);
        if (layout is null)
        {
            layout = new RegistryLayout { Id = fp.Id };
            AddLayout(layout);
        }
        foreach (var key in fp.Keys.Where(k => !layout.Keys.Contains(k)).Take(Math.Max(0, MaxLayoutKeys - layout.Keys.Count)))
        {
            layout.Keys.Add(key);
            Index(key, layout.Id);
        }
        layout.Examples++;
        layout.UpdatedAt = now;
        _dirtyLayouts.Add(layout);

        var doc = new DocumentLines(content);
        var view = new RegistryView(this, doc, layout);
        foreach (var field in fields)
        {
            if (!known.TryGetValue(field.Name, out var truth) || truth is null)
                continue;
            if (field.Type == FieldType.Array)
            {
                if (IsTextArray(field))
                    LearnItems(doc, field, truth, now);
                continue;
            }
            Test(view, field, layout, truth, now);
            TestTemplate(doc, layout, field, truth, now);
            LearnDateOrder(doc, layout, field, truth, now);
            foreach (var location in Locate(doc, field, truth).Take(LocationsLearned))
                AddLabelRules(layout.Id, field, doc, location, now);
            var constantKey = truth.ToJsonString();
            var constants = RulesOf(layout.Id, field.Name).Where(r => r.Kind == RuleKinds.Constant).ToList();
            // A field whose value this layout never repeated (a number, a date) stops collecting constants: without the
            // cap, a layout with thousands of documents would carry thousands of one-off values.
            if (constants.Count(r => r.Tests > 0 && r.Hits == 0) < MaxUnrepeatedConstants
                && !constants.Any(r => RegistryValues.Same(field, JsonNode.Parse(r.Value!), truth)))
                Upsert(new RegistryRule { Layout = layout.Id, Field = field.Name, Kind = RuleKinds.Constant, Key = constantKey, Value = constantKey, Seen = 1, Right = 1, UpdatedAt = now });
        }
    }

    private void Test(RegistryView view, FieldDefinition field, RegistryLayout layout, JsonNode truth, DateTimeOffset now)
    {
        // Constancy asks whether the layout's constant held: one observation per document, of the constant a fill would
        // have used (its stale siblings being wrong says nothing about whether the field is constant per issuer).
        var used = BestConstant(layout.Id, field.Name);
        foreach (var rule in RulesOf(layout.Id, field.Name).Concat(GlobalRulesOn(view.Document, field.Name)).ToList())
        {
            var read = rule.Kind == RuleKinds.Constant ? JsonNode.Parse(rule.Value!) : view.ReadRule(rule, field)?.Value;
            if (read is null)
                continue;
            var right = RegistryValues.Same(field, read, truth);
            rule.Observe(right, now);
            _dirtyRules.Add(rule);
            if (rule == used)
            {
                // Overall, and for documents that print most of the value or not: a page that shows little of what the
                // registry remembers (another branch's address) is measured on its own.
                foreach (var key in new[] { "", ShowsKey(view.Shows(RegistryValues.Text(read))) })
                    Count(RegistryRule.GlobalLayout, field.Name, RuleKinds.Constancy, key, right, now);
            }
        }
        if (FindKnown(view.Document, field) is { } hit)
            Count(RegistryRule.GlobalLayout, field.Name, RuleKinds.Known, hit.Bucket, RegistryValues.Same(field, hit.Value, truth), now);
    }

    /// <summary>Known values serve fields measured to be constant per issuer at least this often (a name, an address).</summary>
    public const double MinKnownConstancy = 0.5;

    /// <summary>
    /// A value some layout confirmed for this text field, printed on the document (see <see cref="KnownValues"/>). Only for
    /// fields whose value is measured to belong to the issuer (constancy): where every document prints several of a small
    /// set of values (a governing law's state), finding one of them says little about which one is meant.
    /// </summary>
    internal KnownHit? FindKnown(DocumentLines doc, FieldDefinition field) =>
        field.Type == FieldType.String && Constancy(field.Name) >= MinKnownConstancy ? _known.Find(doc, field.Name) : null;

    /// <summary>How often a known value found this way (exact or near, alone or not) was the document's value: 0.5 until tested.</summary>
    internal double KnownConfidence(FieldDefinition field, KnownHit hit) =>
        Record(RegistryRule.GlobalLayout, field.Name, RuleKinds.Known, hit.Bucket)?.Accuracy ?? 0.5;

    /// <summary>The constant a fill would use for the layout's field: the most confident, the most recently confirmed among equals.</summary>
    internal RegistryRule? BestConstant(string layout, string field) =>
        RulesOf(layout, field).Where(r => r.Kind == RuleKinds.Constant)
            .OrderByDescending(ConstantConfidence).ThenByDescending(r => r.UpdatedAt).FirstOrDefault();

    private sealed record Location(DocumentLines.Row Row, int Word, int Count);

    /// <summary>Where the confirmed value is printed: spans of up to four words (typed values) or the value's own words (text).</summary>
    private static IEnumerable<Location> Locate(DocumentLines doc, FieldDefinition field, JsonNode truth)
    {
        var typed = RegistryValues.IsTyped(field.Type);
        var want = RegistryText.Norm(RegistryValues.Text(truth));
        if (want.Length == 0)
            yield break;
        var first = want.Split(' ')[0];
        foreach (var row in doc.Rows)
        {
            var words = row.Line.Words;
            for (var s = 0; s < words.Count; s++)
            {
                if (typed)
                {
                    for (var n = 1; n <= MaxSpanWords && s + n <= words.Count; n++)
                    {
                        var read = RegistryValues.Read(field, DocumentLines.Text(row.Line, s, n), doc.DateOrder);
                        if (read is not null && RegistryValues.Same(field, read, truth))
                        {
                            // "Total: 12.50" reads as 12.50 too; the value starts where the words still read it without
                            // the first one, so a label never becomes part of the value's shape.
                            if (n == 1 || RegistryValues.Read(field, DocumentLines.Text(row.Line, s + 1, n - 1), doc.DateOrder) is not { } rest
                                || !RegistryValues.Same(field, rest, truth))
                                yield return new Location(row, s, n);
                            break;
                        }
                    }
                    continue;
                }
                if (!RegistryText.Norm(words[s].Text).StartsWith(first, StringComparison.Ordinal))
                    continue;
                var text = "";
                for (var n = 1; s + n <= words.Count && text.Length < want.Length; n++)
                {
                    text = RegistryText.Norm(DocumentLines.Text(row.Line, s, n));
                    if (text == want)
                        yield return new Location(row, s, n);
                }
            }
        }
    }

    private void AddLabelRules(string layout, FieldDefinition field, DocumentLines doc, Location at, DateTimeOffset now)
    {
        var text = DocumentLines.Text(at.Row.Line, at.Word, at.Count);
        var shape = ValueShape.Of(text);
        var (x, y) = DocumentLines.Centre(at.Row.Page, DocumentLines.BoxOf(at.Row.Line, at.Word, at.Count));
        var phrases = new List<(string Kind, string Phrase)>();
        if (DocumentLines.TokensBefore(at.Row, at.Word, PhraseTokens) is { Length: > 0 } before)
            phrases.Add((RuleKinds.Label, before));
        else if (at.Word == 0 && doc.Rows.IndexOf(at.Row) is var i and > 0 && doc.Rows[i - 1].Page == at.Row.Page
            && DocumentLines.TokensBefore(doc.Rows[i - 1], int.MaxValue, PhraseTokens) is { Length: > 0 } above)
            phrases.Add((RuleKinds.LabelAbove, above));
        foreach (var (kind, phrase) in phrases)
        {
            foreach (var level in new[] { layout, RegistryRule.GlobalLayout })
            {
                var id = RegistryRule.RuleIdentity(level, field.Name, kind, phrase, shape);
                if (_rules.TryGetValue(id, out var existing))
                {
                    (existing.X, existing.Y) = (x, y);
                    _dirtyRules.Add(existing);
                    continue;
                }
                Upsert(new RegistryRule { Layout = level, Field = field.Name, Kind = kind, Key = phrase, Shape = shape, Words = at.Count, X = x, Y = y, Seen = 1, Right = 1, UpdatedAt = now });
            }
        }
    }

    /// <summary>
    /// Counts one observation on a measurement record (constancy, item_fill, known, template, date_order): records with no
    /// learning example, created on their first observation.
    /// </summary>
    private void Count(string level, string field, string kind, string key, bool right, DateTimeOffset now)
    {
        var record = Upsert(new RegistryRule { Layout = level, Field = field, Kind = kind, Key = key, UpdatedAt = now });
        record.Observe(right, now);
        _dirtyRules.Add(record);
    }

    /// <summary>A measurement record, when it has been observed.</summary>
    private RegistryRule? Record(string level, string field, string kind, string key) =>
        _rules.GetValueOrDefault(RegistryRule.RuleIdentity(level, field, kind, key, null));

    private RegistryRule Upsert(RegistryRule rule)
    {
        if (_rules.TryGetValue(rule.Identity, out var existing))
            return existing;
        AddRule(rule);
        _dirtyRules.Add(rule);
        return rule;
    }

    private void AddRule(RegistryRule rule)
    {
        _rules[rule.Identity] = rule;
        if (!_byLayoutField.TryGetValue((rule.Layout, rule.Field), out var list))
            _byLayoutField[(rule.Layout, rule.Field)] = list = [];
        list.Add(rule);
        if (rule.Kind == RuleKinds.Constant && rule.Value is not null)
            _known.Add(rule.Field, rule.Value);
        if (rule.Layout == RegistryRule.GlobalLayout && rule.Kind is RuleKinds.Label or RuleKinds.LabelAbove)
        {
            if (!_globalByPhrase.TryGetValue((rule.Field, rule.Key), out var byPhrase))
                _globalByPhrase[(rule.Field, rule.Key)] = byPhrase = [];
            byPhrase.Add(rule);
        }
    }

    /// <summary>The global label rules whose phrase the page prints somewhere.</summary>
    internal IEnumerable<RegistryRule> GlobalRulesOn(DocumentLines doc, string field)
    {
        foreach (var phrase in doc.Phrases(PhraseTokens))
        {
            if (_globalByPhrase.TryGetValue((field, phrase), out var rules))
                foreach (var r in rules)
                    yield return r;
        }
    }

    private void AddLayout(RegistryLayout layout)
    {
        _layouts[layout.Id] = layout;
        foreach (var key in layout.Keys)
            Index(key, layout.Id);
    }

    private void Index(string key, string layout)
    {
        if (!_keyIndex.TryGetValue(key, out var set))
            _keyIndex[key] = set = new HashSet<string>(StringComparer.Ordinal);
        set.Add(layout);
    }

    internal IEnumerable<RegistryRule> GlobalCandidates(DocumentLines doc, string field) =>
        GlobalRulesOn(doc, field)
            .Where(r => r.Kind is RuleKinds.Label or RuleKinds.LabelAbove && r.Tests >= MinGlobalSeen && r.Accuracy >= MinConfidence)
            .OrderByDescending(r => r.Accuracy).ThenByDescending(r => r.Tests).ThenBy(r => r.Identity, StringComparer.Ordinal)
            .Take(GlobalRulesTried);
}
