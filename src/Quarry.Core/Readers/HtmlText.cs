using System.Text;
using MimeKit.Text;

namespace Quarry.Core.Readers;

/// <summary>
/// Readable text from the HTML of an e-mail body: block elements end lines, table cells are separated by tabs,
/// scripts and styles are dropped, entities decoded. MimeKit's tokenizer only tokenizes, it loads nothing (no images,
/// no network); MimeKit 4 ships no HTML-to-text converter of its own.
/// </summary>
internal static class HtmlText
{
    private static readonly HashSet<HtmlTagId> Hidden = [HtmlTagId.Script, HtmlTagId.Style, HtmlTagId.Title, HtmlTagId.NoScript];

    private static readonly HashSet<HtmlTagId> Paragraphs =
    [
        HtmlTagId.P, HtmlTagId.H1, HtmlTagId.H2, HtmlTagId.H3, HtmlTagId.H4, HtmlTagId.H5, HtmlTagId.H6,
        HtmlTagId.Table, HtmlTagId.BlockQuote, HtmlTagId.Pre, HtmlTagId.UL, HtmlTagId.OL, HtmlTagId.DL,
    ];

    private static readonly HashSet<HtmlTagId> Lines =
    [
        HtmlTagId.Div, HtmlTagId.TR, HtmlTagId.LI, HtmlTagId.DT, HtmlTagId.DD, HtmlTagId.HR, HtmlTagId.Address,
        HtmlTagId.Center, HtmlTagId.Body, HtmlTagId.Section, HtmlTagId.Article, HtmlTagId.Header, HtmlTagId.Footer,
        HtmlTagId.Caption, HtmlTagId.THead, HtmlTagId.TBody, HtmlTagId.Tfoot,
    ];

    public static string Convert(string html)
    {
        var tokenizer = new HtmlTokenizer(new StringReader(html)) { DecodeCharacterReferences = true };
        var text = new Writer();
        var hidden = 0;
        var pre = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            if (token is HtmlTagToken tag)
            {
                if (Hidden.Contains(tag.Id))
                {
                    if (!tag.IsEmptyElement)
                        hidden = Math.Max(0, hidden + (tag.IsEndTag ? -1 : 1));
                    continue;
                }
                if (tag.Id == HtmlTagId.Pre && !tag.IsEmptyElement)
                    pre = Math.Max(0, pre + (tag.IsEndTag ? -1 : 1));
                if (tag.Id == HtmlTagId.Br)
                    text.Break();
                else if (Paragraphs.Contains(tag.Id))
                    text.EndLine(blank: true);
                else if (Lines.Contains(tag.Id))
                    text.EndLine(blank: false);
                else if (tag.Id is HtmlTagId.TD or HtmlTagId.TH && !tag.IsEndTag)
                    text.Cell();
            }
            else if (token.Kind == HtmlTokenKind.Data && hidden == 0 && token is HtmlDataToken data)
            {
                text.Append(data.Data, pre > 0);
            }
        }
        return text.ToString();
    }

    /// <summary>Collapses whitespace as a browser does and keeps at most one blank line in a row.</summary>
    private sealed class Writer
    {
        private readonly StringBuilder _sb = new();
        private bool _space;

        public void Append(string data, bool preformatted)
        {
            foreach (var c in data)
            {
                if (c == '\r')
                    continue;
                if (preformatted && c == '\n')
                    Break();
                else if (char.IsWhiteSpace(c) && !preformatted)
                    _space = true;
                else
                {
                    if (_space && !AtLineStart && !EndsWith('\t'))
                        _sb.Append(' ');
                    _space = false;
                    _sb.Append(c == '\u00A0' ? ' ' : c);
                }
            }
        }

        public void Break()
        {
            TrimLineEnd();
            if (TrailingNewlines() < 2)
                _sb.Append('\n');
            _space = false;
        }

        public void EndLine(bool blank)
        {
            TrimLineEnd();
            if (_sb.Length == 0)
                return;
            var want = blank ? 2 : 1;
            for (var n = TrailingNewlines(); n < want; n++)
                _sb.Append('\n');
            _space = false;
        }

        public void Cell()
        {
            if (!AtLineStart)
                _sb.Append('\t');
            _space = false;
        }

        public override string ToString()
        {
            var text = _sb.ToString().Trim('\n', ' ', '\t');
            return text.Length > 0 ? text + "\n" : "";
        }

        private bool AtLineStart => _sb.Length == 0 || _sb[^1] == '\n';

        private bool EndsWith(char c) => _sb.Length > 0 && _sb[^1] == c;

        private int TrailingNewlines()
        {
            var n = 0;
            while (n < _sb.Length && _sb[_sb.Length - 1 - n] == '\n')
                n++;
            return n;
        }

        private void TrimLineEnd()
        {
            while (_sb.Length > 0 && _sb[^1] is ' ' or '\t')
                _sb.Length--;
        }
    }
}
