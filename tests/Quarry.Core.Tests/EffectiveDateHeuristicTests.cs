using Quarry.Core.Extraction;
using Quarry.Core.Readers;
using Quarry.Core.Schemas;
using Quarry.Core.Values;

namespace Quarry.Core.Tests;

/// <summary>An agreement's effective date: from the sentence that makes the agreement, not the first date on the page.</summary>
public sealed class EffectiveDateHeuristicTests
{
    private static readonly FieldDefinition EffectiveDate = new("effective_date", FieldType.Date, Description: "Date on which the agreement takes effect");

    private static async Task<string?> Run(string text)
    {
        var row = new RowWork([EffectiveDate], PlainTextReader.FromText(text), 0.8);
        foreach (var phase in PhasePipeline.Default().Phases)
            await phase.RunAsync(row, default);
        return row.CellOf("effective_date").Value?.GetValue<string>();
    }

    [Fact]
    public void An_effective_date_field_has_its_own_intent() =>
        Assert.Equal(FieldIntent.EffectiveDate, FieldSemantics.Of(EffectiveDate));

    [Theory]
    [InlineData("Filed 03/02/2015\nThis Agreement is made as of the 4th day of May 2005 by and between Acme Inc. and Beta LLC.", "2005-05-04")]
    [InlineData("Exhibit 10.1 printed January 2, 2010\nTHIS AGREEMENT (this “Agreement”), dated this 11th day of January, 2012, is by and among A and B.", "2012-01-11")]
    [InlineData("Memphis, January 30, 2013\nThe parties enter into this agreement as of June 1, 2012 (the “Effective Date”).", "2012-06-01")]
    [InlineData("Printed 1/1/2001\nIN WITNESS WHEREOF, the parties hereto have executed this agreement this 16th day of May, 2011.", "2011-05-16")]
    public async Task The_sentence_that_makes_the_agreement_outranks_the_first_date(string text, string expected) =>
        Assert.Equal(expected, await Run(text));

    [Theory]
    [InlineData("June 30, 2009\nThis Agreement shall supersede the Mutual Non-Disclosure Agreement entered into between Buyer and Company dated May 9, 2007.")]
    [InlineData("June 30, 2009\nReference is made to that certain Non-Disclosure Agreement, dated December 20, 2013, by and between A and B.")]
    [InlineData("June 30, 2009\nEmployee and NIKE are parties to this Covenant, dated as of February 28, 2006 (the \"Prior Agreement\").")]
    public async Task Another_agreements_date_is_passed_over(string text) =>
        // The first date on the page is the pattern's fallback; the mentioned agreement's date is not taken over it.
        Assert.Equal("2009-06-30", await Run(text));

    [Theory]
    [InlineData("the 22ND day of May 2001", "2001-05-22")]
    [InlineData("as of April 6th , 2005, in consideration", "2005-04-06")]
    public void Contract_dates_are_read(string text, string expected)
    {
        Assert.True(DateValue.TryParse(text, DateOrder.MonthFirst, out var d));
        Assert.Equal(expected, d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }
}
