using System.Text.RegularExpressions;
using Quarry.Core.Documents;

namespace Quarry.Core.Extraction.Registry;

/// <summary>
/// Who issued a document, as keys that survive a new invoice number, a new date and some OCR noise: the wording of the
/// first lines of the first page (letters only), registration and tax ids found on lines that announce one, and the set
/// of label words (words ending in a colon). <see cref="Id"/> is a stable hash of the strongest key: an id when there is
/// one, else the top line.
/// </summary>
public sealed partial record LayoutFingerprint(string Id, IReadOnlyList<string> Keys)
{
    public const string TopPrefix = "t:";
    public const string IdPrefix = "i:";
    public const string LabelsPrefix = "l:";
    private const int TopLines = 3;
    private const int MinLetters = 6;

    // Words that announce a registration or tax number in the languages phase 1 reads; a number beside one names the issuer.
    [GeneratedRegex(@"\b(gst|vat|tax|tin|ein|abn|acn|reg|registration|company|co|roc|siret|siren|tva|ust|ustid|steuer|btw|kvk|cif|nif|iva|rfc|uid)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IdLabel();

    public static LayoutFingerprint Of(DocumentContent content)
    {
        var keys = new List<string>();
        var first = content.Pages.Count > 0 ? content.Pages[0] : null;
        if (first is null)
            return new LayoutFingerprint(RegistryText.Hash("empty"), []);
        var tops = first.Lines.Select(l => TopWording(l.Text)).Where(t => t.Length >= MinLetters).Take(TopLines).ToList();
        var ids = first.Lines.Where(l => IdLabel().IsMatch(l.Text)).SelectMany(l => l.Words).Select(w => IdToken(w.Text))
            .Where(t => t is not null).Distinct(StringComparer.Ordinal).Take(4).ToList();
        keys.AddRange(ids.Select(i => IdPrefix + RegistryText.Hash(i!)));
        keys.AddRange(tops.Select(t => TopPrefix + RegistryText.Hash(t)));
        var labels = first.Lines.SelectMany(l => l.Words).Where(w => w.Text.EndsWith(':')).Select(w => RegistryText.Norm(w.Text))
            .Where(w => w.Length > 1).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (labels.Count > 0)
            keys.Add(LabelsPrefix + RegistryText.Hash(string.Join(' ', labels)));
        return FromKeys(keys);
    }

    /// <summary>A fingerprint from its keys (as phase 1 stored them for a row): the same id and keys <see cref="Of"/> gave.</summary>
    public static LayoutFingerprint FromKeys(IReadOnlyList<string> keys)
    {
        var id = keys.FirstOrDefault(k => !k.StartsWith(LabelsPrefix, StringComparison.Ordinal)) ?? keys.FirstOrDefault() ?? RegistryText.Hash("blank");
        return new LayoutFingerprint(id[2..], keys);
    }

    /// <summary>A line's letters, uppercase, spaces folded: OCR that misreads a digit or a dot still gives the same wording.</summary>
    private static string TopWording(string text) =>
        string.Join(' ', RegistryText.Tokens(text).Select(t => new string(t.Where(char.IsLetter).ToArray())).Where(t => t.Length > 0)).ToUpperInvariant();

    /// <summary>An id: at least five digits among at most twenty letters, digits and dashes (dates, times and amounts are not ids).</summary>
    private static string? IdToken(string word)
    {
        if (word.Trim('.', ':', ',', ')', '(').IndexOfAny(['/', '.', ':', ',']) >= 0)
            return null;
        var t = new string(word.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();
        return t.Length is >= 6 and <= 20 && t.Count(char.IsDigit) >= 5 ? t : null;
    }
}
