using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Quarry.Core.Readers;

/// <summary>Text in SpreadsheetML: the shared-string table and the text of rich or inline strings.</summary>
public static partial class XlsxStrings
{
    /// <summary>Reads the shared strings (streamed, one &lt;si&gt; at a time), bounded by the text limit.</summary>
    public static List<string> ReadShared(Stream part, ReaderLimits limits, string what, CancellationToken ct)
    {
        var strings = new List<string>();
        long chars = 0;
        try
        {
            using var reader = XmlReader.Create(part, XmlSafety.Settings());
            reader.MoveToContent();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
                {
                    ct.ThrowIfCancellationRequested();
                    // ReadFrom leaves the reader on the node after the item: no Read() here.
                    var text = Text((XElement)XNode.ReadFrom(reader));
                    chars += text.Length;
                    if (chars > limits.MaxTextChars)
                        throw TextInput.TooLarge(limits, what);
                    strings.Add(text);
                }
                else
                {
                    reader.Read();
                }
            }
        }
        catch (XmlException e)
        {
            throw XmlSafety.Failure(e, $"{what}'s shared strings");
        }
        return strings;
    }

    /// <summary>The text of a string item (&lt;si&gt; or &lt;is&gt;): its &lt;t&gt; runs without the phonetic guide (&lt;rPh&gt;).</summary>
    public static string Text(XElement item) =>
        Unescape(string.Concat(item.Descendants()
            .Where(e => e.Name.LocalName == "t" && !e.Ancestors().Any(a => a.Name.LocalName == "rPh"))
            .Select(e => e.Value)));

    /// <summary>SpreadsheetML writes characters XML cannot hold as _xHHHH_ (ECMA-376 ST_Xstring).</summary>
    public static string Unescape(string text) =>
        text.Contains("_x", StringComparison.Ordinal)
            ? Escaped().Replace(text, m => ((char)int.Parse(m.Groups[1].ValueSpan, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString())
            : text;

    [GeneratedRegex("_x([0-9A-Fa-f]{4})_")]
    private static partial Regex Escaped();
}
