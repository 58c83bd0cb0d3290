using System.Text;
using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction;

/// <summary>The label phrases that announce a field: its name in words, its aliases, and common spellings of "number".</summary>
public static class FieldLabels
{
    private static readonly string[][] Synonyms =
    [
        ["number", "no", "nr", "num", "#"],
        ["date", "dated"],
    ];

    public static IReadOnlyList<string[]> For(FieldDefinition field)
    {
        var phrases = new List<string[]> { Tokens(field.Name.Replace('_', ' ')) };
        phrases.AddRange(field.AliasList.Select(Tokens));
        phrases.AddRange(FieldSemantics.LabelsFor(FieldSemantics.Of(field)).Select(Tokens));
        // "invoice number" is also written "invoice no", "invoice #", "invoice nr".
        foreach (var p in phrases.ToList())
        {
            var last = p[^1];
            var group = Synonyms.FirstOrDefault(g => g.Contains(last));
            if (group is null || p.Length < 2) continue;
            phrases.AddRange(group.Where(s => s != last).Select(s => p[..^1].Append(s).ToArray()));
        }
        return phrases
            .Where(p => p.Length > 0)
            .DistinctBy(p => string.Join(' ', p))
            .OrderByDescending(p => p.Length)
            .ToList();
    }

    public static string[] Tokens(string phrase) =>
        phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Normalize)
            .Where(t => t.Length > 0)
            .ToArray();

    /// <summary>Lower case, accents kept, surrounding punctuation dropped except a lone '#'.</summary>
    public static string Normalize(string word)
    {
        var w = word.ToLowerInvariant().Normalize(NormalizationForm.FormC);
        if (w == "#") return w;
        return w.Trim(':', '.', ',', ';', '(', ')', '[', ']', '"', '\'', '*', '-', '=', '#');
    }
}
