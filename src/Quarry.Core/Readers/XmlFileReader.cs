using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>
/// XML: every element's text becomes a label/value line "path: value" ("invoice/total: 4250", repeated siblings
/// numbered from 1 as in XPath: "invoice/items/item[2]/sku: B-2"), every attribute "path/@name: value". DTDs are
/// refused and nothing is resolved, so entity bombs and external entities cannot work; malformed XML is corrupt_file.
/// (Named XmlFileReader, not XmlReader, so that System.Xml.XmlReader stays usable in this namespace.)
/// </summary>
public sealed class XmlFileReader : IDocumentReader
{
    private const string What = "XML file";

    /// <summary>Deeper nesting is hostile; the walk below is recursive and must not exhaust the stack.</summary>
    public const int MaxDepth = 256;

    public bool CanRead(SniffResult type) => type.Kind == "xml";

    public async Task<DocumentContent> ReadAsync(Stream file, ReadContext context, CancellationToken ct)
    {
        var limits = context.Limits;
        // The bytes, not decoded text: the XML declaration names the encoding and the parser honours it.
        var bytes = await TextInput.ReadBytesAsync(file, limits, What, ct);
        XDocument doc;
        try
        {
            CheckDepth(bytes, limits);
            using var reader = System.Xml.XmlReader.Create(new MemoryStream(bytes), XmlSafety.Settings(limits.MaxTextChars));
            doc = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw XmlSafety.Failure(e, What);
        }

        var layout = new TextLayout(limits, What);
        if (doc.Root is { } root)
            Add(root, root.Name.LocalName, layout, ct);
        return layout.Build();
    }

    /// <summary>A streaming pass that stops at the first element nested deeper than <see cref="MaxDepth"/>.</summary>
    private static void CheckDepth(byte[] bytes, ReaderLimits limits)
    {
        using var reader = System.Xml.XmlReader.Create(new MemoryStream(bytes), XmlSafety.Settings(limits.MaxTextChars));
        while (reader.Read())
        {
            if (reader.Depth > MaxDepth)
                throw new DocumentReadException(DocumentErrorCodes.CorruptFile,
                    string.Create(CultureInfo.InvariantCulture, $"The XML file nests elements deeper than {MaxDepth} levels."));
        }
    }

    private static void Add(XElement element, string path, TextLayout layout, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        foreach (var attribute in element.Attributes().Where(a => !a.IsNamespaceDeclaration))
            layout.AddText($"{path}/@{attribute.Name.LocalName}: {attribute.Value.Trim()}");

        // The element's own text (all of it for a leaf, the loose text of mixed content).
        var text = string.Concat(element.Nodes().OfType<XText>().Select(t => t.Value)).Trim();
        if (text.Length > 0)
            layout.AddText($"{path}: {text}");

        var children = element.Elements().ToList();
        var counts = children.GroupBy(c => c.Name.LocalName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var child in children)
        {
            var name = child.Name.LocalName;
            var n = seen[name] = seen.GetValueOrDefault(name) + 1;
            var step = counts[name] > 1 ? string.Create(CultureInfo.InvariantCulture, $"{name}[{n}]") : name;
            Add(child, path + "/" + step, layout, ct);
        }
    }
}
