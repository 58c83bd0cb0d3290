using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Quarry.Testing;

/// <summary>Makes real PDFs with a text layer for tests: each line is placed at a position on an A4 page.</summary>
public static class TestPdf
{
    public sealed record TextLine(string Text, double X, double Y, double Size = 11);

    /// <summary>A one-page PDF with the given lines, laid out top-down from the top-left corner (y in points from the top).</summary>
    public static byte[] Page(params TextLine[] lines) => Pages([lines]);

    public static byte[] Pages(IEnumerable<TextLine[]> pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            var height = page.PageSize.Height;
            foreach (var l in lines)
                page.AddText(l.Text, l.Size, new PdfPoint(l.X, height - l.Y), font);
        }
        return builder.Build();
    }

    /// <summary>
    /// A PDF that claims to be encrypted with a user password nobody knows: the standard security handler's
    /// dictionary is added to the trailer, with check values that no password matches.
    /// </summary>
    public static byte[] Encrypted(params string[] lines)
    {
        var pdf = System.Text.Encoding.Latin1.GetString(Simple(lines));
        var trailer = pdf.LastIndexOf("trailer", StringComparison.Ordinal);
        var check = new string('A', 64);
        var encrypt = $"/Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /O <{check}> /U <{check}> /P -4 >> /Root";
        return System.Text.Encoding.Latin1.GetBytes(pdf[..trailer] + pdf[trailer..].Replace("/Root", encrypt, StringComparison.Ordinal));
    }

    /// <summary>
    /// A page laid out like <see cref="Page"/> whose dictionary says /Rotate <paramref name="degrees"/>: a viewer shows
    /// it turned, so its text runs sideways or upside down as displayed (a landscape page stored sideways).
    /// </summary>
    public static byte[] Rotated(int degrees, params TextLine[] lines)
    {
        var pdf = System.Text.Encoding.Latin1.GetString(Page(lines));
        return System.Text.Encoding.Latin1.GetBytes(pdf.Replace("/Type /Page ", $"/Type /Page /Rotate {degrees} ", StringComparison.Ordinal));
    }

    /// <summary>Lines one under the other at the left margin.</summary>
    public static byte[] Simple(params string[] lines) =>
        Page(lines.Select((t, i) => new TextLine(t, 50, 60 + i * 18)).ToArray());

    /// <summary>An invoice: the given label/value pairs, one per line, under a vendor heading.</summary>
    public static byte[] Invoice(string vendor, params (string Label, string Value)[] fields)
    {
        var lines = new List<TextLine> { new(vendor, 50, 50, 18) };
        var y = 90.0;
        foreach (var (label, value) in fields)
        {
            lines.Add(new TextLine(label, 50, y));
            lines.Add(new TextLine(value, 170, y));
            y += 20;
        }
        lines.Add(new TextLine("Thank you for your business.", 50, y + 30, 9));
        return Page(lines.ToArray());
    }
}
