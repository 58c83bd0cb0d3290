using System.Globalization;
using System.Text;
using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>One member of a container as it is listed: its sanitized path and its unpacked size.</summary>
public sealed record ListedMember(string Path, long Size);

/// <summary>
/// The content of a container itself: the members become documents of their own, so the container's document is
/// the list of what it held, one line "path (size bytes)" each — searchable text, and a record of what was unpacked.
/// </summary>
public static class MemberListing
{
    public static DocumentContent Render(IReadOnlyList<ListedMember> members)
    {
        var text = new StringBuilder();
        var markdown = new StringBuilder();
        foreach (var m in members)
        {
            var size = string.Create(CultureInfo.InvariantCulture, $" ({m.Size} bytes)");
            text.Append(m.Path).Append(size).Append('\n');
            markdown.Append("- ").Append(EscapeMarkdown(m.Path)).Append(size).Append('\n');
        }
        var content = PlainTextReader.FromText(text.ToString());
        return content with { Markdown = markdown.ToString() };
    }

    // Member names come from the file: "*", "_" or "[" in them must not turn into emphasis or links.
    private static string EscapeMarkdown(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '|' or '!')
                sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
