using Quarry.Core.Values;

namespace Quarry.Core.Tests;

public sealed class DurationValueTests
{
    [Theory]
    [InlineData("a two-year period", "P2Y")]
    [InlineData("Two (2) years", "P2Y")]
    [InlineData("fifteen (15) months", "P15M")]
    [InlineData("the third anniversary of the Effective Date", "P3Y")]
    [InlineData("the 2nd anniversary", "P2Y")]
    [InlineData("36-month", "P36M")]
    public void Phrases_read_as_durations(string text, string expected)
    {
        Assert.True(DurationValue.TryParse(text, out var iso));
        Assert.Equal(expected, iso);
    }

    [Fact]
    public void TryFind_gives_where_the_first_duration_stands()
    {
        const string text = "shall expire upon the date that is two (2) years after the date hereof, or 30 days after notice";
        Assert.True(DurationValue.TryFind(text, out var iso, out var index, out var length));
        Assert.Equal("P2Y", iso);
        Assert.Equal("two (2) years", text.Substring(index, length));
    }

    [Theory]
    [InlineData("each year")]
    [InlineData("the anniversary of the company")]
    [InlineData("Section 2 hereof")]
    public void Text_without_a_duration_is_not_one(string text) =>
        Assert.False(DurationValue.TryFind(text, out _, out _, out _));
}
