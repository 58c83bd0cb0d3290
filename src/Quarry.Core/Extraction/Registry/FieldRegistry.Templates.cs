using System.Text.Json.Nodes;
using Quarry.Core.Documents;
using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction.Registry;

/// <summary>
/// Values that are one part constant and one part printed: a chain whose branches share a heading, a registration number
/// and the head office's address, each branch's address ending in its own name ("… 41150 KLANG, SELANGOR" + "1317
/// TRILLIUM S6 BESI"). Learned from a layout's constants (two or more that start with the same words), read as that
/// shared start followed by what the page prints after the last of its words it prints, and measured like every rule.
/// </summary>
public sealed partial class FieldRegistry
{
    /// <summary>The shared start must have at least this many tokens and cover this share of the shortest constant.</summary>
    private const int MinPrefixTokens = 3;
    private const double MinPrefixShare = 0.5;

    /// <summary>The page must print at least this share of the shared start, within this many lines.</summary>
    private const double MinPrefixPrinted = 0.5;
    private const int MaxPrefixRows = 8;

    /// <summary>
    /// The words two or more of a layout's constants of the field start with before they differ (a chain with two head
    /// offices has two such starts), longest first.
    /// </summary>
    internal IReadOnlyList<(string Raw, string[] Tokens)> SharedStarts(string layout, FieldDefinition field)
    {
        if (field.Type != FieldType.String)
            return [];
        var values = RulesOf(layout, field.Name).Where(r => r.Kind == RuleKinds.Constant)
            .Select(r => JsonNode.Parse(r.Value!)).OfType<JsonValue>().Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String)
            .Select(v => v.GetValue<string>()).ToList();
        var starts = new Dictionary<string, (string Raw, string[] Tokens)>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            var a = RegistryText.Tokens(values[i]);
            for (var j = i + 1; j < values.Count; j++)
            {
                var b = RegistryText.Tokens(values[j]);
                var shared = 0;
                while (shared < a.Length && shared < b.Length && a[shared] == b[shared])
                    shared++;
                if (shared < MinPrefixTokens || shared < MinPrefixShare * Math.Min(a.Length, b.Length) || a.Length == b.Length && shared == a.Length)
                    continue;
                starts.TryAdd(string.Join(' ', a[..shared]), (RawTokens(values[i], shared), a[..shared]));
            }
        }
        return starts.Values.OrderByDescending(s => s.Tokens.Length).ThenBy(s => s.Raw, StringComparer.Ordinal).ToList();
    }

    /// <summary>The template read of the shared start the page prints the most of (the longer among equals), or null.</summary>
    internal (JsonNode Value, string Raw, CellSource Source)? ReadTemplate(DocumentLines doc, string layout, FieldDefinition field)
    {
        (JsonNode Value, string Raw, CellSource Source, double Printed)? best = null;
        foreach (var start in SharedStarts(layout, field))
        {
            if (ReadTemplate(doc, start) is { } read && (best is null || read.Printed > best.Value.Printed))
                best = read;
        }
        return best is { } b ? (b.Value, b.Raw, b.Source) : null;
    }

    /// <summary>The template's confidence: its own tests on this layout, with the organization's template accuracy as a prior worth two documents.</summary>
    internal double TemplateConfidence(string layout, FieldDefinition field)
    {
        var own = Record(layout, field.Name, RuleKinds.Template, "");
        var overall = Record(RegistryRule.GlobalLayout, field.Name, RuleKinds.Template, "");
        var prior = overall?.Accuracy ?? 0.5;
        return ((own?.Hits ?? 0) + 2 * prior) / ((own?.Tests ?? 0) + 2);
    }

    /// <summary>Before learning a document: would the layout's template have read its value? Counted for the layout and overall.</summary>
    private void TestTemplate(DocumentLines doc, RegistryLayout layout, FieldDefinition field, JsonNode truth, DateTimeOffset now)
    {
        if (ReadTemplate(doc, layout.Id, field) is not { } read)
            return;
        var right = RegistryValues.Same(field, read.Value, truth);
        foreach (var level in new[] { layout.Id, RegistryRule.GlobalLayout })
            Count(level, field.Name, RuleKinds.Template, "", right, now);
    }

    /// <summary>
    /// The shared start followed by the words the page prints after the last of the start's words it prints: the rest of
    /// that line, or the next line when the start ends its line. Null when the page prints too little of the start.
    /// </summary>
    private static (JsonNode Value, string Raw, CellSource Source, double Printed)? ReadTemplate(DocumentLines doc, (string Raw, string[] Tokens) start)
    {
        var rows = doc.Rows;
        int? first = null;
        int lastRow = -1, lastToken = -1, matched = 0, next = 0;
        for (var r = 0; r < rows.Count && next < start.Tokens.Length; r++)
        {
            if (first is { } f && r - f >= MaxPrefixRows)
                break;
            var tokens = rows[r].Tokens;
            for (var t = 0; t < tokens.Count && next < start.Tokens.Length; t++)
            {
                // The start's words in order (from its first half on); words the page dropped are skipped, never matched out of order.
                var at = Array.IndexOf(start.Tokens, tokens[t].Token, next);
                if (at < 0 || matched == 0 && at > start.Tokens.Length / 2)
                    continue;
                first ??= r;
                matched++;
                next = at + 1;
                (lastRow, lastToken) = (r, t);
            }
        }
        if (first is null || matched < MinPrefixPrinted * start.Tokens.Length)
            return null;
        var row = rows[lastRow];
        var lastWord = row.Tokens[lastToken].Word;
        (int Row, int From)? rest = lastWord + 1 < row.Line.Words.Count ? (lastRow, lastWord + 1)
            : lastRow + 1 < rows.Count && rows[lastRow + 1].Page == row.Page ? (lastRow + 1, 0) : null;
        if (rest is not { } tail)
            return null;
        var suffix = DocumentLines.Text(rows[tail.Row].Line, tail.From, int.MaxValue).Trim();
        if (RegistryText.Tokens(suffix).Length == 0)
            return null;
        var raw = start.Raw + " " + suffix;
        var box = Box.UnionAll(rows.Skip(first.Value).Take(tail.Row - first.Value + 1).Where(x => x.Page == row.Page).Select(x => x.Line.Box));
        return (JsonValue.Create(raw), raw, new CellSource(row.Page.Number, box, raw), matched / (double)start.Tokens.Length);
    }

    /// <summary>The text of <paramref name="raw"/> up to the end of its n-th token (as <see cref="RegistryText.Tokens"/> counts them).</summary>
    private static string RawTokens(string raw, int n)
    {
        var count = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (char.IsLetterOrDigit(raw[i]) && (i + 1 == raw.Length || !char.IsLetterOrDigit(raw[i + 1])) && ++count == n)
                return raw[..(i + 1)];
        }
        return raw;
    }
}
