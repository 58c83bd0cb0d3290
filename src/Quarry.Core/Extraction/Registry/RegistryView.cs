using System.Text.Json.Nodes;
using Quarry.Core.Documents;
using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction.Registry;

/// <summary>One document against the registry: the layout it matched (strongly), and the cells the registry can fill.</summary>
public sealed class RegistryView
{
    private readonly FieldRegistry _registry;
    private readonly DocumentLines _doc;

    internal RegistryView(FieldRegistry registry, DocumentLines doc, RegistryLayout? layout)
    {
        _registry = registry;
        _doc = doc;
        Layout = layout;
    }

    /// <summary>The known layout the document belongs to; null when none matched strongly.</summary>
    public RegistryLayout? Layout { get; }

    /// <summary>
    /// The cell the registry fills for the field: the most accurate rule of the document's layout that reads a value,
    /// else of the global level; null when no rule of at least <see cref="FieldRegistry.MinConfidence"/> reads one.
    /// The confidence is the rule's measured accuracy (evidence kind <c>registry</c>).
    /// </summary>
    public Cell? Fill(FieldDefinition field)
    {
        if (field.Type == FieldType.Array)
            return FieldRegistry.IsTextArray(field) ? _registry.FillItems(_doc, field) : null;
        var candidates = new List<(RegistryRule Rule, double Confidence)>();
        if (Layout is not null)
        {
            foreach (var r in _registry.RulesOf(Layout.Id, field.Name))
            {
                if (r.Kind is not (RuleKinds.Constant or RuleKinds.Label or RuleKinds.LabelAbove))
                    continue;
                var c = r.Kind == RuleKinds.Constant
                    ? _registry.ConstantConfidence(r) * _registry.ShowsFactor(field.Name, Shows(RegistryValues.Text(JsonNode.Parse(r.Value!)!)))
                    : r.Accuracy;
                if (c >= FieldRegistry.MinConfidence)
                    candidates.Add((r, c));
            }
        }
        candidates.AddRange(_registry.GlobalCandidates(_doc, field.Name).Select(r => (r, r.Accuracy)));
        // Cells read another way than by one rule, each with its measured confidence: a known value printed on the page,
        // and a layout's shared start with the words printed after it.
        var others = new List<(Cell Cell, double Confidence)>();
        if (FindKnown(field) is { } hit)
        {
            var c = _registry.KnownConfidence(field, hit);
            others.Add((KnownCell(hit, c), c));
        }
        if (Layout is not null && _registry.ReadTemplate(_doc, Layout.Id, field) is { } template)
        {
            var c = _registry.TemplateConfidence(Layout.Id, field);
            others.Add((RegistryCell(template.Value, template.Raw, template.Source, c), c));
        }
        var other = others.Where(o => o.Confidence >= FieldRegistry.MinConfidence).OrderByDescending(o => o.Confidence).FirstOrDefault();
        foreach (var (rule, confidence) in candidates.OrderByDescending(c => c.Confidence).ThenByDescending(c => c.Rule.UpdatedAt))
        {
            if (other.Cell is not null && other.Confidence > confidence)
                break;
            var read = rule.Kind == RuleKinds.Constant ? ReadConstant(rule) : ReadRule(rule, field);
            if (read is not null)
                return RegistryCell(read.Value.Value, read.Value.Raw, read.Value.Source, confidence);
        }
        return other.Cell;
    }

    /// <summary>
    /// A confirmed value read from the very words the generic extractor chose, when it differs from the extractor's
    /// reading of them (OCR misread a letter, or a stray word joined the line): the value a person confirmed for that
    /// print, with the confidence measured for such finds. Null when the registry knows no value printed there.
    /// </summary>
    public Cell? Reread(FieldDefinition field, Cell generic)
    {
        if (generic.Source is not { } at || FindKnown(field) is not { } hit
            || hit.Match.Page != at.Page || !Overlap(hit.Match.Bbox, at.Bbox) || RegistryValues.Same(field, hit.Value, generic.Value))
            return null;
        var confidence = _registry.KnownConfidence(field, hit);
        return confidence >= FieldRegistry.MinConfidence ? KnownCell(hit, confidence) : null;
    }

    private static bool Overlap(Box a, Box b) => a.X0 < b.X1 && b.X0 < a.X1 && a.Y0 < b.Y1 && b.Y0 < a.Y1;

    private static Cell KnownCell(KnownHit hit, double confidence) =>
        RegistryCell(hit.Value, RegistryValues.Text(hit.Value), new CellSource(hit.Match.Page, hit.Match.Bbox, hit.Match.Text), confidence);

    private static Cell RegistryCell(JsonNode value, string raw, CellSource source, double confidence)
    {
        var score = Math.Round(confidence, 4);
        return new Cell(value, raw, score, PhaseNames.Resolve, source with { Kind = EvidenceKinds.Registry }, Evidence: new Evidence(EvidenceKinds.Registry, score));
    }

    internal DocumentLines Document => _doc;

    // Asked by Reread and by Fill for the same field: the approximate search runs once per field.
    private readonly Dictionary<string, KnownHit?> _known = new(StringComparer.Ordinal);

    private KnownHit? FindKnown(FieldDefinition field)
    {
        if (!_known.TryGetValue(field.Name, out var hit))
            _known[field.Name] = hit = _registry.FindKnown(_doc, field);
        return hit;
    }

    /// <summary>The share of a value's words this document prints.</summary>
    internal double Shows(string value) => _doc.Shows(value);

    /// <summary>A constant value: where the document prints it when it does, else the layout's first line stands as the source.</summary>
    private (JsonNode Value, string Raw, CellSource Source)? ReadConstant(RegistryRule rule)
    {
        var value = JsonNode.Parse(rule.Value!)!;
        var raw = RegistryValues.Text(value);
        var want = RegistryText.Norm(raw);
        var row = _doc.Rows.FirstOrDefault(r => RegistryText.Norm(r.Line.Text).Contains(want, StringComparison.Ordinal)) ?? _doc.Rows.FirstOrDefault();
        if (row is null)
            return null;
        return (value, raw, new CellSource(row.Page.Number, row.Line.Box, row.Line.Text));
    }

    /// <summary>A label rule: the value after the phrase (or at the start of the line below it) with the learned shape, nearest the learned place.</summary>
    internal (JsonNode Value, string Raw, CellSource Source)? ReadRule(RegistryRule rule, FieldDefinition field)
    {
        (JsonNode Value, string Raw, CellSource Source)? best = null;
        var bestDistance = double.MaxValue;
        foreach (var (row, after) in _doc.FindPhrase(rule.Key, atLineEnd: rule.Kind == RuleKinds.LabelAbove))
        {
            var (target, start) = rule.Kind == RuleKinds.LabelAbove ? (_doc.Below(row), 0) : (row, after);
            if (target is null || start >= target.Line.Words.Count)
                continue;
            var span = Span(target, start, rule, field);
            if (span is null)
                continue;
            var box = DocumentLines.BoxOf(target.Line, start, span.Value.Count);
            var (x, y) = DocumentLines.Centre(target.Page, box);
            var distance = (x - rule.X) * (x - rule.X) + (y - rule.Y) * (y - rule.Y);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = (span.Value.Value, span.Value.Raw, new CellSource(target.Page.Number, box, span.Value.Raw));
            }
        }
        return best;
    }

    private (JsonNode Value, string Raw, int Count)? Span(DocumentLines.Row row, int start, RegistryRule rule, FieldDefinition field)
    {
        var words = row.Line.Words.Count - start;
        if (!RegistryValues.IsTyped(field.Type))
        {
            if (words < rule.Words)
                return null;
            var text = DocumentLines.Text(row.Line, start, rule.Words);
            return RegistryValues.Read(field, text, _doc.DateOrder) is { } v && ValueShape.Matches(rule.Shape, text) ? (v, text, rule.Words) : null;
        }
        for (var n = 1; n <= Math.Min(4, words); n++)
        {
            var text = DocumentLines.Text(row.Line, start, n);
            if (ValueShape.Matches(rule.Shape, text) && RegistryValues.Read(field, text, _doc.DateOrder) is { } v)
                return (v, text, n);
        }
        return null;
    }
}
