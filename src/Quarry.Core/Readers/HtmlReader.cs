using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Quarry.Core.Documents;

namespace Quarry.Core.Readers;

/// <summary>
/// HTML with AngleSharp's parser alone (no browsing context, so nothing is fetched and no script runs): the visible
/// text of the body, block elements and &lt;br&gt; as line breaks, headings as Markdown headings, tables as tables.
/// Scripts, styles, templates, the head and elements hidden by <c>hidden</c> or inline <c>display:none</c> are skipped.
/// </summary>
public sealed class HtmlReader : IDocumentReader
{
    private const string What = "HTML document";

    /// <summary>Cells spanning more columns than this are hostile; the span only pads rows with empty cells.</summary>
    private const int MaxSpan = 64;

    /// <summary>Elements nested deeper than this are read as flat text: the walk is recursive and must not exhaust the stack.</summary>
    private const int MaxNesting = 128;

    private static readonly HashSet<string> Invisible = new(StringComparer.Ordinal)
    {
        "script", "style", "template", "head", "noscript", "iframe", "object", "embed", "svg", "math", "canvas",
        "audio", "video", "select", "datalist", "dialog",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "header", "hr", "legend", "li", "main", "nav", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
        "h1", "h2", "h3", "h4", "h5", "h6",
    };

    public bool CanRead(SniffResult type) => type.Kind == "html";

    public async Task<DocumentContent> ReadAsync(Stream file, ReadContext context, CancellationToken ct)
    {
        var limits = context.Limits;
        var html = await TextInput.ReadTextAsync(file, limits, What, ct);
        IHtmlDocument doc;
        try
        {
            // A bare HtmlParser has no loader: images, styles, frames and scripts are never requested.
            doc = new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument(html);
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            throw new DocumentReadException(DocumentErrorCodes.CorruptFile, $"The HTML document could not be parsed: {e.Message}", e);
        }

        using (doc)
        {
            var layout = new TextLayout(limits, What);
            var flow = new Flow(layout);
            if (((IElement?)doc.Body ?? doc.DocumentElement) is { } root)
                Walk(root, flow, 0, ct);
            flow.Flush();
            return layout.Build();
        }
    }

    /// <summary>The document flow: inline text gathers into the current line, blocks end it, tables and headings go straight to the layout.</summary>
    private static void Walk(INode node, Flow flow, int depth, CancellationToken ct)
    {
        foreach (var child in node.ChildNodes)
        {
            ct.ThrowIfCancellationRequested();
            if (child.NodeType == NodeType.Text)
            {
                flow.Text.Inline(child.TextContent, InPre(child));
                continue;
            }
            if (child is not IElement element || IsHidden(element))
                continue;
            switch (element.LocalName)
            {
                case var _ when depth >= MaxNesting:
                    flow.Text.Inline(Collect(element, depth), false);
                    break;
                case "br":
                    flow.Text.Break();
                    break;
                case "table" when element is IHtmlTableElement table:
                    flow.Flush();
                    flow.Layout.AddTable(Rows(table, depth));
                    break;
                case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                    flow.Flush();
                    var text = Collect(element, depth);
                    flow.Layout.AddHeading(text, element.LocalName[1] - '0');
                    break;
                default:
                    var block = Blocks.Contains(element.LocalName);
                    if (block) flow.Text.Break();
                    Walk(element, flow, depth + 1, ct);
                    if (block) flow.Text.Break();
                    break;
            }
        }
    }

    /// <summary>The text of an element as lines (blocks and &lt;br&gt; break them); nested tables give one line per row.</summary>
    private static string Collect(INode node, int depth)
    {
        var text = new HtmlText();
        CollectInto(node, text, depth);
        return text.ToString();
    }

    private static void CollectInto(INode node, HtmlText text, int depth)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child.NodeType == NodeType.Text)
            {
                text.Inline(child.TextContent, InPre(child));
                continue;
            }
            if (child is not IElement element || IsHidden(element))
                continue;
            if (element.LocalName == "br")
            {
                text.Break();
            }
            else if (element is IHtmlTableElement table && depth < MaxNesting)
            {
                text.Break();
                foreach (var row in Rows(table, depth + 1))
                {
                    text.Inline(string.Join("  ", row.Where(c => c.Length > 0)).Replace('\n', ' '), false);
                    text.Break();
                }
            }
            else if (depth >= MaxNesting)
            {
                text.Inline(element.TextContent, false);
            }
            else
            {
                var block = Blocks.Contains(element.LocalName);
                if (block) text.Break();
                CollectInto(element, text, depth + 1);
                if (block) text.Break();
            }
        }
    }

    /// <summary>The table's visible rows (head, bodies, foot; not those of nested tables), a spanning cell followed by empty cells.</summary>
    private static List<IReadOnlyList<string>> Rows(IHtmlTableElement table, int depth)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var tr in table.Rows)
        {
            if (IsHidden(tr))
                continue;
            var row = new List<string>();
            foreach (var cell in tr.Cells)
            {
                if (IsHidden(cell))
                    continue;
                row.Add(Collect(cell, depth + 1));
                row.AddRange(Enumerable.Repeat("", Math.Clamp(cell.ColumnSpan, 1, MaxSpan) - 1));
            }
            rows.Add(row);
        }
        if (table.Caption is { } caption && Collect(caption, depth + 1) is { Length: > 0 } title)
            rows.Insert(0, [title]);
        return rows;
    }

    private static bool InPre(INode text) =>
        text.ParentElement?.Closest("pre, textarea") is not null;

    /// <summary>Hidden by the <c>hidden</c> attribute, an inline style, or as a hidden input; CSS files are not applied.</summary>
    private static bool IsHidden(IElement element)
    {
        if (Invisible.Contains(element.LocalName) || element.HasAttribute("hidden"))
            return true;
        if (element.LocalName == "input" && string.Equals(element.GetAttribute("type"), "hidden", StringComparison.OrdinalIgnoreCase))
            return true;
        var style = element.GetAttribute("style");
        if (string.IsNullOrEmpty(style))
            return false;
        var compact = string.Concat(style.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();
        return compact.Contains("display:none", StringComparison.Ordinal) || compact.Contains("visibility:hidden", StringComparison.Ordinal);
    }

    /// <summary>The main flow: its text, and the layout it is written to line by line.</summary>
    private sealed class Flow(TextLayout layout)
    {
        public TextLayout Layout { get; } = layout;
        public HtmlText Text { get; } = new();

        public void Flush()
        {
            foreach (var line in TextLayout.SplitLines(Text.ToString()))
            {
                if (line.Trim().Length > 0)
                    Layout.AddLine(line.TrimEnd());
            }
            Text.Clear();
        }
    }

    /// <summary>Text as a browser shows it: whitespace runs collapse to one space (except in &lt;pre&gt;), breaks never double.</summary>
    private sealed class HtmlText
    {
        private readonly StringBuilder _sb = new();

        public void Inline(string text, bool preformatted)
        {
            if (preformatted)
            {
                _sb.Append(text);
                return;
            }
            foreach (var ch in text)
            {
                if (char.IsWhiteSpace(ch))
                {
                    if (_sb.Length > 0 && _sb[^1] is not (' ' or '\n'))
                        _sb.Append(' ');
                }
                else
                {
                    _sb.Append(ch);
                }
            }
        }

        public void Break()
        {
            while (_sb.Length > 0 && _sb[^1] == ' ')
                _sb.Length--;
            if (_sb.Length > 0 && _sb[^1] != '\n')
                _sb.Append('\n');
        }

        public void Clear() => _sb.Clear();

        public override string ToString() => _sb.ToString().Trim('\n', ' ');
    }
}
