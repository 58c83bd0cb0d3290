#:project ../../src/Quarry.Core/Quarry.Core.csproj
#:property PublishAot=false
// Phase 2's quote grounding: how long QuoteLocator takes over one page window (6 pages, 2,400 words) for a quote
// that is nowhere (the worst case: every page searched approximately) and for a near match. Run: dotnet run grounding.cs
using System.Diagnostics;
using Quarry.Core.Documents;
using Quarry.Core.Extraction.Agent;

var rnd = new Random(7);
string[] vocab = ["the","party","agreement","shall","notice","days","term","payment","invoice","total","goods","pallets","damaged","law","state","of","and","by","upon","written"];
Page MakePage(int n) => new(n, 600, 800, 0, Enumerable.Range(0, 40).Select(i => { var x = 50.0; return new Line(Enumerable.Range(0, 10).Select(_ => { var w = vocab[rnd.Next(vocab.Length)]; var b = new Box(x, 50 + i * 18, x + w.Length * 6, 62 + i * 18); x += w.Length * 6 + 5; return new Word(w, b); }).ToList()); }).ToList());
var doc = new DocumentContent(Enumerable.Range(1, 6).Select(MakePage).ToList(), [], "");
var window = PageWindows.Split(doc, 24_000);
Console.WriteLine($"pages {doc.Pages.Count}, words {doc.WordCount}, windows {window.Count}, chars/window {window[0].Text.Length}");
foreach (var len in new[] { 40, 200, 1000 })
{
    var quote = new string('x', len / 2) + string.Concat(Enumerable.Repeat("qz", len / 4));   // not in the document
    QuoteLocator.Locate(doc.Pages, quote);
    var sw = Stopwatch.StartNew();
    const int reps = 5;
    for (var i = 0; i < reps; i++) QuoteLocator.Locate(doc.Pages, quote);
    Console.WriteLine($"quote {len} chars, not found: {sw.Elapsed.TotalMilliseconds / reps:0.0} ms per locate over {doc.Pages.Count} pages");
}
var found = string.Join(' ', doc.Pages[5].Lines[30].Words.Select(w => w.Text)).Replace("a", "o");
var sw2 = Stopwatch.StartNew();
var m = QuoteLocator.Locate(doc.Pages, found);
Console.WriteLine($"fuzzy quote on the last page: page {m?.Page}, quality {m?.Quality:0.00}, {sw2.Elapsed.TotalMilliseconds:0.0} ms");
