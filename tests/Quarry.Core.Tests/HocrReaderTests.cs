using System.Text;
using Quarry.Core.Documents;
using Quarry.Core.Readers;
using Quarry.Core.Readers.Ocr;

namespace Quarry.Core.Tests;

public class HocrReaderTests
{
    /// <summary>As Tesseract writes it: XHTML with a DOCTYPE, one page of two lines.</summary>
    private const string TwoLines = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
        <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
         <head><title></title><meta name='ocr-system' content='tesseract 5.3.0' /></head>
         <body>
          <div class='ocr_page' id='page_1' title='image "scan.png"; bbox 0 0 1700 2200; ppageno 0; scan_res 200 200'>
           <div class='ocr_carea' id='block_1_1' title="bbox 100 100 700 200">
            <p class='ocr_par' id='par_1_1' lang='eng' title="bbox 100 100 700 200">
             <span class='ocr_line' id='line_1_1' title="bbox 100 100 700 140; baseline 0 -8; x_size 40; x_descenders 8; x_ascenders 10">
              <span class='ocrx_word' id='word_1_1' title='bbox 100 100 260 140; x_wconf 96'>Invoice</span>
              <span class='ocrx_word' id='word_1_2' title='bbox 280 102 400 140; x_wconf 91'>INV-42</span>
             </span>
             <span class='ocr_line' id='line_1_2' title="bbox 100 160 700 200">
              <span class='ocrx_word' id='word_1_3' title='bbox 100 160 220 200; x_wconf 88'><strong>Total</strong></span>
              <span class='ocrx_word' id='word_1_4' title='bbox 600 161 700 199; x_wconf 79.5'>12.00&#160;€</span>
             </span>
            </p>
           </div>
          </div>
         </body>
        </html>
        """;

    private static Task<DocumentContent> Read(string hocr, ReaderLimits? limits = null) =>
        new HocrReader().ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(hocr)), new ReadContext("scan.hocr", limits ?? new ReaderLimits()), CancellationToken.None);

    private static async Task<DocumentReadException> Refused(string hocr, ReaderLimits? limits = null) =>
        await Assert.ThrowsAsync<DocumentReadException>(() => Read(hocr, limits));

    private static string Page(string title, string body) => $"<html><body><div class='ocr_page' title='{title}'>{body}</div></body></html>";

    private static string Word(string text, string title) => $"<span class='ocrx_word' title='{title}'>{text}</span>";

    [Fact]
    public async Task LinesOfWordsWithBoxesAndConfidences()
    {
        Assert.Equal(new SniffResult("text/vnd.hocr+html", "hocr"), FileSniffer.Sniff(Encoding.UTF8.GetBytes(TwoLines), "scan.hocr"));
        var content = await Read(TwoLines);

        var page = content.Pages.Single();
        Assert.Equal((1, 1700.0, 2200.0, 0), (page.Number, page.Width, page.Height, page.Rotation));
        Assert.Equal(["Invoice INV-42", "Total 12.00 €"], page.Lines.Select(l => l.Text).ToArray());
        Assert.Equal(
            [
                new Word("Invoice", new Box(100, 100, 260, 140), 0.96),
                new Word("INV-42", new Box(280, 102, 400, 140), 0.91),
                new Word("Total", new Box(100, 160, 220, 200), 0.88),
                new Word("12.00 €", new Box(600, 161, 700, 199), 0.795),
            ],
            page.Lines.SelectMany(l => l.Words).ToArray());
        Assert.Equal("Invoice INV-42\nTotal 12.00 €\n", content.Markdown);
    }

    [Fact]
    public async Task PagesAreNumberedByPpagenoOrByTheirOrder()
    {
        var numbered = await Read(Page("bbox 0 0 100 100; ppageno 4", Word("five", "bbox 1 1 20 10")) + Page("bbox 0 0 100 100; ppageno 2", Word("three", "bbox 1 1 20 10")));
        Assert.Equal([3, 5], numbered.Pages.Select(p => p.Number).ToArray());
        Assert.Equal("three", numbered.Pages[0].Lines.Single().Text);

        var unnumbered = await Read(Page("bbox 0 0 100 100; ppageno 7", Word("one", "bbox 1 1 20 10")) + Page("bbox 0 0 300 200", Word("two", "bbox 1 1 20 10")));
        Assert.Equal([1, 2], unnumbered.Pages.Select(p => p.Number).ToArray());
        Assert.Equal((300.0, 200.0), (unnumbered.Pages[1].Width, unnumbered.Pages[1].Height));
        Assert.Equal("one\n\n---\n\ntwo\n", unnumbered.Markdown);
    }

    [Theory]
    [InlineData("ocr_line")]
    [InlineData("ocrx_line")]
    [InlineData("ocr_caption")]
    [InlineData("ocr_header")]
    [InlineData("ocr_textfloat")]
    public async Task EveryKindOfLineHoldsWords(string lineClass)
    {
        var content = await Read(Page("bbox 0 0 500 500",
            $"<span class='{lineClass}' title='bbox 10 10 200 30'>{Word("Net", "bbox 10 10 50 30; x_wconf 90")} {Word("amount", "bbox 60 10 200 30; x_wconf 80")}</span>"));
        Assert.Equal("Net amount", content.Pages.Single().Lines.Single().Text);
    }

    [Fact]
    public async Task LinesSideBySideShareARowAndLooseWordsFormLines()
    {
        var content = await Read(Page("bbox 0 0 1000 1000",
            $"<span class='ocr_line' title='bbox 10 10 100 30'>{Word("Total", "bbox 10 10 100 30")}</span>"
            + $"<span class='ocr_line' title='bbox 10 100 100 120'>{Word("Notes", "bbox 10 100 100 120")}</span>"
            + $"<span class='ocr_line' title='bbox 500 11 600 31'>{Word("12.00", "bbox 500 11 600 31")}</span>"
            + Word("loose", "bbox 10 200 60 220") + Word("words", "bbox 70 201 130 221")));
        Assert.Equal(["Total 12.00", "Notes", "loose words"], content.Pages.Single().Lines.Select(l => l.Text).ToArray());
        Assert.All(content.Pages.Single().Lines.SelectMany(l => l.Words), w => Assert.Null(w.Confidence));
    }

    [Fact]
    public async Task ALineWithoutWordElementsIsSplitAcrossItsBox()
    {
        var content = await Read(Page("bbox 0 0 500 500", "<span class='ocr_line' title='bbox 0 10 90 30'>ab \n cdefgh</span>"));
        // "ab cdefgh": 9 characters with one space between the words, 10 pixels each.
        Assert.Equal([new Word("ab", new Box(0, 10, 20, 30)), new Word("cdefgh", new Box(30, 10, 90, 30))], content.Pages.Single().Lines.Single().Words);
    }

    [Fact]
    public async Task EntitiesAndExternalReferencesAreNotFollowed()
    {
        var hocr = TwoLines
            .Replace("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">",
                "<!DOCTYPE html [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>", StringComparison.Ordinal)
            .Replace(">Invoice<", ">&secret;<", StringComparison.Ordinal);
        var content = await Read(hocr);
        var text = string.Join(" ", content.Pages.Single().Lines.Select(l => l.Text));
        Assert.DoesNotContain("root:", text, StringComparison.Ordinal);
        Assert.Contains("INV-42", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<html><body><p>Just a web page, no OCR here.</p></body></html>")]
    [InlineData("<html><body><div class='ocr_carea'><span class='ocrx_word' title='bbox 1 2 3 4'>orphan</span></div></body></html>")]
    [InlineData("")]
    [InlineData("\0\u0001 binary junk \u00ff")]
    public async Task WithoutAnOcrPageThereIsNoOcrResult(string hocr)
    {
        var e = await Refused(hocr);
        Assert.Equal(DocumentErrorCodes.CorruptFile, e.Code);
        Assert.Contains("ocr_page", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bbox 1 2 3")]
    [InlineData("bbox 1 2 3 4 5")]
    [InlineData("bbox a b c d")]
    [InlineData("bbox 10 10 5 5")]
    [InlineData("x_wconf 90")]
    [InlineData("")]
    public async Task AWordWithoutAProperBoxIsCorrupt(string title)
    {
        var e = await Refused(Page("bbox 0 0 100 100", Word("word", title)));
        Assert.Equal(DocumentErrorCodes.CorruptFile, e.Code);
    }

    [Fact]
    public async Task APageWithoutABoxTakesTheExtentOfItsWords()
    {
        var content = await Read(Page("ppageno 0", Word("word", "bbox 10 20 300 400")));
        Assert.Equal((300.0, 400.0), (content.Pages.Single().Width, content.Pages.Single().Height));
    }

    [Fact]
    public async Task LimitsApply()
    {
        var twoPages = Page("bbox 0 0 100 100", Word("one", "bbox 1 1 20 10")) + Page("bbox 0 0 100 100", Word("two", "bbox 1 1 20 10"));
        Assert.Equal(DocumentErrorCodes.PageLimitExceeded, (await Refused(twoPages, new ReaderLimits(MaxPages: 1))).Code);
        Assert.Equal(DocumentErrorCodes.FileTooLarge, (await Refused(twoPages, new ReaderLimits(MaxTextChars: 5))).Code);
        Assert.Equal(2, (await Read(twoPages, new ReaderLimits(MaxPages: 2, MaxTextChars: 6))).Pages.Count);
    }

    [Theory]
    [InlineData("hocr", true)]
    [InlineData("html", false)]
    [InlineData("image", false)]
    public void ReadsHocrKindOnly(string kind, bool expected) =>
        Assert.Equal(expected, new HocrReader().CanRead(new SniffResult("text/vnd.hocr+html", kind)));
}
