using Quarry.Core.Exports;

namespace Quarry.Core.Tests;

public sealed class SafeCsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+SUM(A1)", "'+SUM(A1)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("-42.50", "-42.50")]
    [InlineData("+7", "+7")]
    [InlineData("", "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=\"x\",y", "\"'=\"\"x\"\",y\"")]
    [InlineData("\rcr", "\"'\rcr\"")]
    public void Fields_are_quoted_per_rfc_4180_and_formulas_defused(string value, string expected) =>
        Assert.Equal(expected, SafeCsv.Field(value));
}
