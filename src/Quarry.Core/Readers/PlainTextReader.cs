using System.Text;
using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>TXT and Markdown. Each line of text becomes a line of words on one tall page; boxes are in character cells (x = column, y = line), so positions still mean something.</summary>
public sealed class PlainTextReader : IDocumentReader
{
    public bool CanRead(SniffResult type) => type.Kind == "text";

    public async Task<DocumentContent> ReadAsync(Stream file, ReadContext context, CancellationToken ct)
    {
        var limits = context.Limits;
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[limits.MaxTextChars > int.MaxValue ? int.MaxValue : (int)Math.Min(limits.MaxTextChars + 1, 1 << 20)];
        var text = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), ct)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > limits.MaxTextChars)
                throw new DocumentReadException(DocumentErrorCodes.FileTooLarge,
                    $"The text holds more than {limits.MaxTextChars} characters.");
        }
        return FromText(text.ToString());
    }

    public static DocumentContent FromText(string text)
    {
        var lines = new List<Line>();
        var rawLines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var width = 1;
        for (var y = 0; y < rawLines.Length; y++)
        {
            var words = TextLayout.Words(rawLines[y], y).ToList();
            if (words.Count > 0)
                lines.Add(new Line(words));
            width = Math.Max(width, rawLines[y].Length);
        }
        var page = new Page(1, width, Math.Max(rawLines.Length, 1), 0, lines);
        return new DocumentContent([page], [], text);
    }
}
