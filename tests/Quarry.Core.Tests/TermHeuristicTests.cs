using Quarry.Core.Extraction;
using Quarry.Core.Readers;
using Quarry.Core.Schemas;

namespace Quarry.Core.Tests;

/// <summary>An agreement's term: the duration its sentence says the agreement lasts, weighed against the other periods it names.</summary>
public sealed class TermHeuristicTests
{
    private static readonly FieldDefinition Term = new("term", FieldType.Duration, Description: "How long the agreement lasts");

    private static async Task<RowWork> Run(string text)
    {
        var row = new RowWork([Term], PlainTextReader.FromText(text), 0.8);
        foreach (var phase in PhasePipeline.Default().Phases)
            await phase.RunAsync(row, default);
        return row;
    }

    private static string? TermOf(RowWork row) => row.CellOf("term").Value?.GetValue<string>();

    [Theory]
    [InlineData("This letter agreement shall expire upon the date that is two years after the date of this Agreement.", "P2Y")]
    [InlineData("4. Term. This Agreement shall be effective for two (2) years from the date first written above.", "P2Y")]
    [InlineData("The restrictions set forth herein shall terminate upon the two-year anniversary of this Agreement.", "P2Y")]
    [InlineData("This Agreement shall terminate on the third anniversary of the Effective Date.", "P3Y")]
    [InlineData("This letter agreement shall expire and cease to have any effect eighteen months from the date hereof.", "P18M")]
    [InlineData("2. Term. This Agreement shall commence when executed and continue for a period of one (1) year.", "P1Y")]
    [InlineData("This Non-Disclosure Agreement shall remain in full force and effect until one (1) year from the date of this Non-Disclosure Agreement.", "P1Y")]
    // A notice named early in the sentence does not make the period a notice period.
    [InlineData("In the event that no Termination Notice is delivered, then this Agreement shall automatically terminate two (2) years after the date hereof.", "P2Y")]
    public async Task The_term_is_read_from_more_ways_of_saying_it(string text, string expected) =>
        Assert.Equal(expected, TermOf(await Run(text)));

    [Fact]
    public async Task A_restriction_that_runs_after_the_term_is_passed_over_for_the_term()
    {
        var row = await Run("During the term of this Agreement and for a period of one (1) year thereafter, Employee will not solicit customers. "
            + "This Agreement shall terminate three (3) years after the Effective Date.");
        Assert.Equal("P3Y", TermOf(row));
    }

    [Theory]
    [InlineData("During the term of this Agreement and for a period of one (1) year thereafter, Employee will not solicit customers.")]
    [InlineData("For a period of eighteen (18) months after your employment ends, you will not solicit our customers.")]
    [InlineData("Executive has been given a period of 21 days from the date of this Agreement within which to consider it.")]
    [InlineData("This Agreement may be terminated by either party on thirty (30) days written notice from the date of notice.")]
    public async Task Periods_that_are_not_the_term_leave_it_empty(string text) =>
        Assert.Null(TermOf(await Run(text)));

    [Fact]
    public async Task A_duration_in_a_sentence_that_does_not_say_what_lasts_is_not_taken()
    {
        // No subject, no verb of lasting: a duration named in passing.
        var row = await Run("Payments are made within two years of invoicing.");
        Assert.Null(TermOf(row));
    }

    [Fact]
    public async Task A_term_label_followed_by_prose_gives_no_mismatch_and_the_sentence_wins()
    {
        // "The term" opens a definition, not a value; before, its prose became a type_mismatch and hid the sentence.
        var row = await Run("The term “Confidential Information” shall include all data disclosed hereunder.\n"
            + "This Agreement shall remain in effect for a period of three (3) years from the Effective Date.");
        Assert.Equal("P3Y", TermOf(row));
        Assert.DoesNotContain(row.Flags, f => f.StartsWith("type_mismatch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_term_label_with_prose_and_no_stated_term_is_left_empty_not_mismatched()
    {
        var row = await Run("Termination\nThe term of this Agreement commences on the date hereof and ends on completion of the project.");
        Assert.Null(TermOf(row));
        Assert.DoesNotContain(row.Flags, f => f.StartsWith("type_mismatch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_labelled_duration_is_still_read()
    {
        var row = await Run("Term:   24 months\nFee:   1,000.00");
        Assert.Equal("P24M", TermOf(row));
    }
}
