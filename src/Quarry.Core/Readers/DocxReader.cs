using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Quarry.Core.Documents;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Quarry.Core.Readers;

/// <summary>
/// Word documents (DOCX, DOCM): headers, then the body's paragraphs and tables in order, then footers, laid out by
/// <see cref="TextLayout"/>. Line breaks and tabs inside paragraphs are kept; tables become table cells and lines.
/// The package is checked by <see cref="OoxmlGuard"/> (ZIP limits, no DTD) before the OpenXML SDK opens it.
/// </summary>
public sealed class DocxReader : IDocumentReader
{
    private const string What = "DOCX document";

    /// <summary>Word allows 63 columns; a larger span or offset is hostile and would only pad rows with empty cells.</summary>
    private const int MaxSpan = 64;

    /// <summary>How deep tables in tables and elements in runs are followed; deeper markup is read as plain text.</summary>
    private const int MaxNesting = 32;

    public bool CanRead(SniffResult type) => type.Kind == "docx";

    public Task<DocumentContent> ReadAsync(Stream file, ReadContext context, CancellationToken ct)
    {
        var limits = context.Limits;
        OoxmlGuard.Check(file, limits, What, ct);
        WordprocessingDocument doc;
        try
        {
            doc = WordprocessingDocument.Open(file, false, new OpenSettings { MaxCharactersInPart = limits.MaxUncompressedBytes });
        }
        catch (Exception e) when (OpenXmlErrors.IsDamage(e))
        {
            throw OpenXmlErrors.Corrupt(e, What);
        }

        using (doc)
        {
            try
            {
                var layout = new TextLayout(limits, What);
                var main = doc.MainDocumentPart
                    ?? throw new DocumentReadException(DocumentErrorCodes.CorruptFile, "The DOCX document has no main document part.");
                // Headers and footers repeat per section (first page, even pages); the same text once is enough.
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var header in main.HeaderParts.Select(h => h.Header).OfType<W.Header>())
                    AddOnce(header, seen, layout, ct);
                if (main.Document?.Body is { } body)
                    AddBlocks(body, layout, ct);
                foreach (var footer in main.FooterParts.Select(f => f.Footer).OfType<W.Footer>())
                    AddOnce(footer, seen, layout, ct);
                return Task.FromResult(layout.Build());
            }
            catch (Exception e) when (OpenXmlErrors.IsDamage(e))
            {
                throw OpenXmlErrors.Corrupt(e, What);
            }
        }
    }

    private static void AddOnce(OpenXmlElement part, HashSet<string> seen, TextLayout layout, CancellationToken ct)
    {
        if (part.InnerText.Trim().Length > 0 && seen.Add(part.InnerText))
            AddBlocks(part, layout, ct);
    }

    /// <summary>Block-level content: paragraphs, tables, and the containers (content controls, custom XML) that hold them.</summary>
    private static void AddBlocks(OpenXmlElement container, TextLayout layout, CancellationToken ct)
    {
        foreach (var block in container.ChildElements)
        {
            ct.ThrowIfCancellationRequested();
            switch (block)
            {
                case W.Paragraph p:
                    AddParagraph(p, layout);
                    break;
                case W.Table t:
                    layout.AddTable(Rows(t));
                    break;
                case W.SdtBlock sdt when sdt.SdtContentBlock is { } content:
                    AddBlocks(content, layout, ct);
                    break;
                case W.CustomXmlBlock custom:
                    AddBlocks(custom, layout, ct);
                    break;
            }
        }
    }

    private static void AddParagraph(W.Paragraph p, TextLayout layout)
    {
        var text = ParagraphText(p);
        if (HeadingLevel(p) is { } level && !text.Contains('\n', StringComparison.Ordinal))
            layout.AddHeading(text, level);
        else
            layout.AddText(text);
    }

    /// <summary>Built-in heading styles ("Heading1" … "Heading9", "Title") become Markdown headings.</summary>
    private static int? HeadingLevel(W.Paragraph p)
    {
        var style = p.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
        if (style is null)
            return null;
        if (style.Equals("Title", StringComparison.OrdinalIgnoreCase))
            return 1;
        if (style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(style.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level is >= 1 and <= 9)
            return Math.Min(level, 6);
        return null;
    }

    private static string ParagraphText(OpenXmlElement p)
    {
        var sb = new StringBuilder();
        AppendText(p, sb, 0);
        return sb.ToString();
    }

    private static void AppendText(OpenXmlElement element, StringBuilder sb, int depth)
    {
        foreach (var child in element.ChildElements)
        {
            switch (child)
            {
                case var _ when depth >= MaxNesting:
                    sb.Append(child.InnerText);
                    break;
                case W.Text t:
                    sb.Append(t.Text);
                    break;
                case W.TabChar or W.PositionalTab:
                    sb.Append('\t');
                    break;
                case W.Break or W.CarriageReturn:
                    sb.Append('\n');
                    break;
                case W.NoBreakHyphen:
                    sb.Append('-');
                    break;
                // Deleted text, field codes and properties are not what the page shows.
                case W.DeletedText or W.FieldCode or W.DeletedFieldCode or W.ParagraphProperties or W.RunProperties:
                    break;
                // Text boxes come twice: as DrawingML (Choice) and as VML (Fallback). The Choice is enough.
                case AlternateContentFallback:
                    break;
                // A paragraph inside a run is a text box's: its text goes on a line of its own.
                case W.Paragraph nested:
                    if (sb.Length > 0 && sb[^1] != '\n')
                        sb.Append('\n');
                    AppendText(nested, sb, depth + 1);
                    break;
                default:
                    AppendText(child, sb, depth + 1);
                    break;
            }
        }
    }

    /// <summary>
    /// The table's rows by grid column: a cell spanning columns (gridSpan) is followed by empty cells, a cell that
    /// continues a vertical merge is empty, and cells skipped at the start of a row (gridBefore) are empty too.
    /// </summary>
    private static List<IReadOnlyList<string>> Rows(W.Table table, int depth = 0)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var tr in table.Elements<W.TableRow>())
        {
            var row = new List<string>();
            var before = tr.TableRowProperties?.GetFirstChild<W.GridBefore>()?.Val?.Value ?? 0;
            row.AddRange(Enumerable.Repeat("", Math.Clamp(before, 0, MaxSpan)));
            foreach (var tc in tr.Elements<W.TableCell>())
            {
                var merge = tc.TableCellProperties?.VerticalMerge;
                var continues = merge is not null && (merge.Val is null || merge.Val.Value == W.MergedCellValues.Continue);
                row.Add(continues ? "" : CellText(tc, depth));
                var span = tc.TableCellProperties?.GridSpan?.Val?.Value ?? 1;
                row.AddRange(Enumerable.Repeat("", Math.Clamp(span, 1, MaxSpan) - 1));
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>A cell's paragraphs on lines of their own; a nested table's rows as lines with cells apart by two spaces.</summary>
    private static string CellText(W.TableCell cell, int depth)
    {
        var lines = new List<string>();
        AddCellLines(cell, lines, depth);
        return string.Join('\n', lines).Trim('\n');
    }

    private static void AddCellLines(OpenXmlElement container, List<string> lines, int depth)
    {
        foreach (var block in container.ChildElements)
        {
            switch (block)
            {
                case W.Paragraph p:
                    lines.Add(ParagraphText(p));
                    break;
                // Tables nested beyond reason (a hostile file) are read as plain text rather than recursed into.
                case W.Table t when depth >= MaxNesting:
                    lines.Add(t.InnerText);
                    break;
                case W.Table t:
                    lines.AddRange(Rows(t, depth + 1).Select(r => string.Join("  ", r.Where(x => x.Length > 0))));
                    break;
                case W.SdtBlock sdt when sdt.SdtContentBlock is { } content:
                    AddCellLines(content, lines, depth);
                    break;
                case W.CustomXmlBlock custom:
                    AddCellLines(custom, lines, depth);
                    break;
            }
        }
    }
}
