using System.Text.Json.Nodes;
using Quarry.Core.Extraction.Agent;
using Quarry.Core.Schemas;

namespace Quarry.Core.Tests;

public sealed class AgentGroundingTests
{
    private static readonly Documents.DocumentContent Contract = AgentText.Pages(
        ["MASTER SERVICES AGREEMENT", "This Agreement may be terminated by either party", "upon thirty (30) days written notice."],
        ["Governing law: the laws of the State of New York.", "Signed: ACME Corp."]);

    [Theory]
    [InlineData("terminated by either party upon thirty (30) days written notice", 1, 1.0)]
    [InlineData("terminated  by either\nparty upon thirty (30) days", 1, 1.0)]            // spacing and line breaks
    [InlineData("TERMINATED BY EITHER PARTY, UPON THIRTY 30 DAYS", 1, 1.0)]             // case and punctuation
    [InlineData("the laws of the State of New York", 2, 1.0)]
    public void A_quote_is_found_across_whitespace_case_and_line_breaks(string quote, int page, double quality)
    {
        var match = QuoteLocator.Locate(Contract.Pages, quote);
        Assert.NotNull(match);
        Assert.Equal(page, match.Page);
        Assert.Equal(quality, match.Quality);
    }

    [Fact]
    public void A_quote_over_two_lines_gives_the_union_box_of_its_words()
    {
        var match = QuoteLocator.Locate(Contract.Pages, "either party upon thirty")!;
        var line2 = Contract.Pages[0].Lines[1].Words;
        var line3 = Contract.Pages[0].Lines[2].Words;
        // From "either" on the second line to "thirty" on the third: the union spans both lines.
        Assert.Equal(new Documents.Box(line3[0].Box.X0, line2[^2].Box.Y0, line2[^1].Box.X1, line3[1].Box.Y1), match.Bbox);
        Assert.Equal("either party upon thirty", match.Text);
    }

    [Fact]
    public void OCR_noise_in_the_document_still_matches_with_a_lower_quality()
    {
        var scanned = AgentText.Doc("Governlng Iaw: the Iaws of the State of New Y0rk.");
        var match = QuoteLocator.Locate(scanned.Pages, "the laws of the State of New York");
        Assert.NotNull(match);
        Assert.InRange(match.Quality, 0.85, 0.99);
        Assert.StartsWith("the", match.Text);
    }

    [Fact]
    public void The_cut_off_search_finds_the_same_fewest_edits_as_the_full_table()
    {
        var rnd = new Random(11);
        string Random(int n) => new(Enumerable.Range(0, n).Select(_ => "abc"[rnd.Next(3)]).ToArray());
        for (var run = 0; run < 400; run++)
        {
            var pattern = Random(rnd.Next(8, 24));
            var text = Random(rnd.Next(20, 160));
            if (rnd.Next(2) == 0)
                text = text.Insert(rnd.Next(text.Length), pattern.Remove(rnd.Next(pattern.Length), 1));
            var limit = (int)Math.Floor(pattern.Length * QuoteLocator.MaxErrorRate);
            var full = FewestEdits(pattern, text);
            var (start, end, errors) = QuoteLocator.Approximate(pattern, text, limit);
            Assert.Equal(full <= limit ? full : -1, start < 0 ? -1 : errors);
            if (start >= 0)
                Assert.Equal(errors, EditDistance(pattern, text[start..(end + 1)]));
        }
    }

    /// <summary>The fewest edits from <paramref name="p"/> to any substring of <paramref name="t"/>: the textbook table (a free start in the text), no cut-off.</summary>
    private static int FewestEdits(string p, string t)
    {
        var d = new int[p.Length + 1, t.Length + 1];
        for (var i = 0; i <= p.Length; i++) d[i, 0] = i;
        for (var i = 1; i <= p.Length; i++)
            for (var j = 1; j <= t.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (p[i - 1] == t[j - 1] ? 0 : 1));
        return Enumerable.Range(0, t.Length + 1).Min(j => d[p.Length, j]);
    }

    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }

    [Theory]
    [InlineData("the laws of the State of California")]    // a different state: too many edits
    [InlineData("terminated for convenience at any time")]
    [InlineData("Texas")]                                   // short quotes must match exactly
    [InlineData("")]
    [InlineData("  ,.;  ")]
    public void A_quote_that_is_not_in_the_document_is_not_found(string quote) =>
        Assert.Null(QuoteLocator.Locate(Contract.Pages, quote));

    [Fact]
    public void An_answer_is_read_plain_fenced_or_with_text_around_it()
    {
        const string json = """{"fields": {"term": {"value": "30 days", "quote": "thirty (30) days"}, "law": {"value": null, "quote": null}}}""";
        foreach (var text in new[] { json, "```json\n" + json + "\n```", "Here you go:\n```\n" + json + "\n```\nAnything else?", "Answer: " + json })
        {
            var answers = AgentAnswer.Parse(text);
            Assert.NotNull(answers);
            Assert.Equal("30 days", answers["term"].Value!.GetValue<string>());
            Assert.Equal("thirty (30) days", answers["term"].Quote);
            Assert.Null(answers["law"].Value);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("The term is 30 days.")]
    [InlineData("""{"term": "30 days"}""")]                       // not the fields object
    [InlineData("""{"fields": {"term": {"value": "30 days", """)] // cut off
    [InlineData("[1, 2]")]
    public void Anything_but_the_fields_object_is_malformed(string text) => Assert.Null(AgentAnswer.Parse(text));

    [Fact]
    public void A_bare_value_without_a_quote_object_is_read_with_no_quote_so_it_is_rejected_later()
    {
        var answers = AgentAnswer.Parse("""{"fields": {"term": "30 days", "law": {"value": "NY", "quote": 5}}}""")!;
        Assert.Null(answers["term"].Quote);
        Assert.Null(answers["law"].Quote);
    }

    [Fact]
    public void Page_windows_hold_whole_pages_within_the_character_budget()
    {
        var doc = AgentText.Pages(["a b c", "d e f"], ["g h i"], ["j k l", "m n o"]);
        var all = PageWindows.Split(doc, 10_000);
        Assert.Equal([1, 2, 3], Assert.Single(all).Pages.Select(p => p.Number));

        var small = PageWindows.Split(doc, 40);
        Assert.True(small.Count > 1);
        Assert.All(small, w => Assert.True(w.Text.Length <= 40, w.Text));
        Assert.Equal([1, 2, 3], small.SelectMany(w => w.Pages).Select(p => p.Number).Distinct());
        Assert.Equal(doc.WordCount, small.Sum(w => w.Pages.Sum(p => p.Lines.Sum(l => l.Words.Count))));
    }

    [Fact]
    public void A_page_longer_than_a_window_is_cut_at_lines_and_every_line_is_in_one_window()
    {
        var doc = AgentText.Pages(Enumerable.Range(1, 30).Select(i => $"line number {i} of the long page").ToArray());
        var windows = PageWindows.Split(doc, 200);
        Assert.True(windows.Count > 3);
        Assert.All(windows, w => Assert.Equal(1, Assert.Single(w.Pages).Number));
        Assert.Equal(30, windows.Sum(w => w.Pages[0].Lines.Count));
    }

    [Fact]
    public void An_empty_document_is_one_empty_window() =>
        Assert.Single(PageWindows.Split(Documents.DocumentContent.Empty, 1000));

    [Theory]
    [InlineData("\"30 days\"", "upon thirty (30) days written notice", true)]
    [InlineData("1234.5", "Total: 1.234,50 EUR", true)]
    [InlineData("1250", "Total: 1,250.00", true)]
    [InlineData("\"New York\"", "the laws of the State of Delaware", false)]
    [InlineData("true", "Auto-renewal: yes", true)]
    public void A_value_is_in_its_quote_when_its_letters_and_digits_are(string valueJson, string quote, bool inQuote) =>
        Assert.Equal(inQuote, AgentConfidence.ValueInQuote(JsonNode.Parse(valueJson), quote));

    [Fact]
    public void Two_values_agree_when_they_read_the_same_as_the_field_type()
    {
        var total = new FieldDefinition("total", FieldType.CurrencyAmount);
        Assert.True(AgentConfidence.SameValue(total, "1,250.00", JsonValue.Create(1250)));
        Assert.False(AgentConfidence.SameValue(total, "1,250.00", JsonValue.Create(125)));
        var date = new FieldDefinition("date", FieldType.Date);
        Assert.True(AgentConfidence.SameValue(date, "14/09/2024", "2024-09-14"));
        var name = new FieldDefinition("name", FieldType.String);
        Assert.True(AgentConfidence.SameValue(name, "ACME  Corp.", "acme corp"));
    }

    [Fact]
    public void An_exact_long_quote_holding_the_value_scores_above_a_fuzzy_short_or_unsupported_one()
    {
        var answer = new FieldAnswer("New York", null);
        const string quote = "the laws of the State of New York";
        var exact = AgentConfidence.Of(new QuoteMatch(1, default, quote, 1.0), answer, quote);
        var fuzzy = AgentConfidence.Of(new QuoteMatch(1, default, quote, 0.88), answer, quote);
        var unsupported = AgentConfidence.Of(new QuoteMatch(1, default, "Governing law", 1.0), answer, "Governing law");
        var tiny = AgentConfidence.Of(new QuoteMatch(1, default, "NY", 1.0), new FieldAnswer("NY", null), "NY");
        Assert.True(exact > fuzzy && fuzzy > unsupported, $"{exact} {fuzzy} {unsupported}");
        Assert.True(exact > tiny);
        Assert.True(AgentConfidence.Agreeing(exact, 0.6) > exact);
    }
}
