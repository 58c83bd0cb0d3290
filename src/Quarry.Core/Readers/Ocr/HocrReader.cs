using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Quarry.Core.Documents;

namespace Quarry.Core.Readers.Ocr;

/// <summary>
/// hOCR: OCR results made elsewhere (Tesseract, OCRopus, Kraken, ABBYY exports). Parsed as HTML, which is what most
/// hOCR files really are, by a parser that loads nothing (no DTDs, scripts or linked resources).
/// <c>ocr_page</c> elements are pages, line elements (<c>ocr_line</c>, <c>ocrx_line</c>, captions, headers, floats) lines,
/// <c>ocrx_word</c> elements words, each with its <c>bbox</c> and <c>x_wconf</c> from the <c>title</c> attribute.
/// </summary>
public sealed class HocrReader : IDocumentReader
{
    private const string LineSelector = ".ocr_line, .ocrx_line, .ocr_caption, .ocr_header, .ocr_textfloat";

    public bool CanRead(SniffResult type) => type.Kind == "hocr";

    public async Task<DocumentContent> ReadAsync(Stream file, ReadContext context, CancellationToken ct)
    {
        var limits = context.Limits;
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using var document = await parser.ParseDocumentAsync(file, ct);

        var pageElements = document.QuerySelectorAll(".ocr_page");
        if (pageElements.Length == 0)
            throw new DocumentReadException(DocumentErrorCodes.CorruptFile, "The hOCR file has no ocr_page element: it holds no OCR result.");
        if (pageElements.Length > limits.MaxPages)
            throw new DocumentReadException(DocumentErrorCodes.PageLimitExceeded,
                $"The hOCR file has {pageElements.Length} pages; the limit is {limits.MaxPages}.");

        var pages = pageElements.Select((element, i) => ReadPage(element, i)).ToList();
        Renumber(pages);
        if (pages.Sum(p => p.Page.Lines.Sum(l => (long)l.Text.Length)) > limits.MaxTextChars)
            throw new DocumentReadException(DocumentErrorCodes.FileTooLarge,
                $"The hOCR file holds more than {limits.MaxTextChars} characters of text.");
        var result = pages.Select(p => p.Page).OrderBy(p => p.Number).ToList();
        return new DocumentContent(result, [], MarkdownRenderer.Render(result));
    }

    private static (Page Page, bool Numbered) ReadPage(IElement element, int index)
    {
        var title = HocrTitle.Parse(element.GetAttribute("title"));
        var number = title.PageNumber is { } p ? p + 1 : index + 1;

        var lines = new List<Line>();
        foreach (var line in element.QuerySelectorAll(LineSelector))
        {
            var words = line.QuerySelectorAll(".ocrx_word").Where(w => w.Closest(LineSelector) == line).Select(ReadWord).OfType<Word>().ToList();
            if (words.Count > 0)
                lines.Add(new Line(words));
            // Older hOCR puts the text straight into the line, without word elements.
            else if (line.QuerySelector(".ocrx_word") is null && line.QuerySelector(LineSelector) is null && SplitLine(line) is { } split)
                lines.Add(split);
        }
        // Words outside any line element are grouped into lines by their position.
        var loose = element.QuerySelectorAll(".ocrx_word").Where(w => w.Closest(LineSelector) is null).Select(ReadWord).OfType<Word>();
        lines.AddRange(LineBuilder.Build(loose));
        // Rows as the other readers give them, so a label and its value in two columns share a line.
        lines = RowMerger.Merge(lines).ToList();

        var size = title.Box ?? Box.UnionAll(lines.Select(l => l.Box));
        return (new Page(number, size.X1, size.Y1, 0, lines), title.PageNumber is not null);
    }

    private static Word? ReadWord(IElement element)
    {
        var text = Normalize(element.TextContent);
        if (text.Length == 0)
            return null;
        var title = HocrTitle.Parse(element.GetAttribute("title"));
        var box = title.Box ?? throw new DocumentReadException(DocumentErrorCodes.CorruptFile,
            $"The hOCR word '{text}' has no bounding box (a 'bbox x0 y0 x1 y1' in its title).");
        return new Word(text, box, title.Confidence);
    }

    /// <summary>A line of bare text: its width is shared among its words by their length, the best that can be said of their places.</summary>
    private static Line? SplitLine(IElement element)
    {
        var tokens = Normalize(element.TextContent).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0 || HocrTitle.Parse(element.GetAttribute("title")).Box is not { } box)
            return null;
        var total = tokens.Sum(t => t.Length + 1) - 1;
        var perChar = box.Width / Math.Max(1, total);
        var x = box.X0;
        var words = new List<Word>();
        foreach (var token in tokens)
        {
            words.Add(new Word(token, new Box(x, box.Y0, x + token.Length * perChar, box.Y1)));
            x += (token.Length + 1) * perChar;
        }
        return new Line(words);
    }

    /// <summary>Numbers come from <c>ppageno</c> when every page has a distinct one, from the order of the pages otherwise (a partial or repeated numbering would put pages in a wrong order).</summary>
    private static void Renumber(List<(Page Page, bool Numbered)> pages)
    {
        if (pages.All(p => p.Numbered) && pages.Select(p => p.Page.Number).Distinct().Count() == pages.Count)
            return;
        for (var i = 0; i < pages.Count; i++)
            pages[i] = (pages[i].Page with { Number = i + 1 }, pages[i].Numbered);
    }

    private static string Normalize(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
