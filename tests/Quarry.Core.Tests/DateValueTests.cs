using System.Globalization;
using Quarry.Core.Values;

namespace Quarry.Core.Tests;

public class DateValueTests
{
    [Theory]
    // ISO
    [InlineData("2024-03-15", DateOrder.DayFirst, "2024-03-15", false)]
    [InlineData("2024-03-15", DateOrder.MonthFirst, "2024-03-15", false)]
    [InlineData("2024/3/5", DateOrder.DayFirst, "2024-03-05", false)]
    [InlineData("Invoice date: 2024-12-31, due in 30 days", DateOrder.DayFirst, "2024-12-31", false)]
    // d.m.y: a dot means day first whatever the order rule says
    [InlineData("15.03.2024", DateOrder.DayFirst, "2024-03-15", false)]
    [InlineData("03.04.2024", DateOrder.DayFirst, "2024-04-03", false)]
    [InlineData("03.04.2024", DateOrder.MonthFirst, "2024-04-03", false)]
    [InlineData("1.2.2024", DateOrder.DayFirst, "2024-02-01", false)]
    // ambiguous: the order rule decides, and says so
    [InlineData("03/04/2024", DateOrder.DayFirst, "2024-04-03", true)]
    [InlineData("03/04/2024", DateOrder.MonthFirst, "2024-03-04", true)]
    [InlineData("03-04-2024", DateOrder.DayFirst, "2024-04-03", true)]
    // same day and month: both readings agree
    [InlineData("04/04/2024", DateOrder.MonthFirst, "2024-04-04", false)]
    // a part above 12 decides
    [InlineData("13/04/2024", DateOrder.DayFirst, "2024-04-13", false)]
    [InlineData("13/04/2024", DateOrder.MonthFirst, "2024-04-13", false)]
    [InlineData("04/13/2024", DateOrder.DayFirst, "2024-04-13", false)]
    [InlineData("04/13/2024", DateOrder.MonthFirst, "2024-04-13", false)]
    // two-digit years: below 70 is 20xx
    [InlineData("15/03/24", DateOrder.DayFirst, "2024-03-15", false)]
    [InlineData("15.03.69", DateOrder.DayFirst, "2069-03-15", false)]
    [InlineData("15.03.70", DateOrder.DayFirst, "1970-03-15", false)]
    [InlineData("12/31/99", DateOrder.DayFirst, "1999-12-31", false)]
    // month names
    [InlineData("1 October 2024", DateOrder.MonthFirst, "2024-10-01", false)]
    [InlineData("October 1, 2024", DateOrder.DayFirst, "2024-10-01", false)]
    [InlineData("Oct. 1st, 2024", DateOrder.DayFirst, "2024-10-01", false)]
    [InlineData("21st of March 2024", DateOrder.DayFirst, "2024-03-21", false)]
    [InlineData("1-Oct-24", DateOrder.DayFirst, "2024-10-01", false)]
    [InlineData("1. März 2024", DateOrder.DayFirst, "2024-03-01", false)]
    [InlineData("3. Dezember 2023", DateOrder.DayFirst, "2023-12-03", false)]
    [InlineData("15 janvier 2024", DateOrder.DayFirst, "2024-01-15", false)]
    [InlineData("1er février 2024", DateOrder.DayFirst, "2024-02-01", false)]
    [InlineData("15 août 2024", DateOrder.DayFirst, "2024-08-15", false)]
    [InlineData("3 maart 2024", DateOrder.DayFirst, "2024-03-03", false)]
    [InlineData("17 mei 2024", DateOrder.DayFirst, "2024-05-17", false)]
    [InlineData("15 enero 2024", DateOrder.DayFirst, "2024-01-15", false)]
    [InlineData("5 de mayo de 2024", DateOrder.DayFirst, "2024-05-05", false)]
    [InlineData("20 de diciembre del 2023", DateOrder.DayFirst, "2023-12-20", false)]
    [InlineData("3 december 2023", DateOrder.DayFirst, "2023-12-03", false)]
    [InlineData("3 déc. 2023", DateOrder.DayFirst, "2023-12-03", false)]
    [InlineData("3 Dez 2023", DateOrder.DayFirst, "2023-12-03", false)]
    [InlineData("SEPTEMBER 30, 2024", DateOrder.DayFirst, "2024-09-30", false)]
    // leap day
    [InlineData("29/02/2024", DateOrder.DayFirst, "2024-02-29", false)]
    public void Parses(string text, DateOrder order, string expected, bool ambiguous)
    {
        Assert.True(DateValue.TryParse(text, order, out var date), $"'{text}' was not read as a date");
        Assert.Equal(expected, date.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal(ambiguous, date.Ambiguous);
    }

    [Theory]
    [InlineData("31/02/2024")]
    [InlineData("29/02/2023")]
    [InlineData("2024-02-30")]
    [InlineData("2024-13-01")]
    [InlineData("32.01.2024")]
    [InlineData("13/13/2024")]
    [InlineData("31 June 2024")]
    [InlineData("0 March 2024")]
    [InlineData("1 Foo 2024")]
    [InlineData("no date here")]
    [InlineData("")]
    [InlineData("12345678")]
    public void RejectsWhatIsNoDate(string text)
    {
        Assert.False(DateValue.TryParse(text, DateOrder.DayFirst, out _));
        Assert.False(DateValue.TryParse(text, DateOrder.MonthFirst, out _));
    }

    [Theory]
    [InlineData("Due 31/02/2024, issued 15/01/2024", "2024-01-15", 23, 10)]
    [InlineData("Date: 1 October 2024 (net 30)", "2024-10-01", 6, 14)]
    [InlineData("ref 2024-001, dated 2024-05-06", "2024-05-06", 20, 10)]
    public void FindsTheFirstValidDateAndItsPosition(string text, string expected, int index, int length)
    {
        Assert.True(DateValue.TryFind(text, DateOrder.DayFirst, out var date, out var i, out var len));
        Assert.Equal(expected, date.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal(index, i);
        Assert.Equal(length, len);
    }
}

public class DateOrderInferenceTests
{
    [Theory]
    [InlineData("Date 03/04/2024  Delivered 25/12/2024", DateOrder.DayFirst)]
    [InlineData("Date 03/04/2024  Delivered 12/25/2024", DateOrder.MonthFirst)]
    [InlineData("Signed on May 5, 2024. Start 03/04/2024", DateOrder.MonthFirst)]
    [InlineData("Signed on 5 May 2024. Start 03/04/2024", DateOrder.DayFirst)]
    public void TheDocumentsOtherDatesDecideTheOrder(string text, DateOrder expected) =>
        Assert.Equal(expected, DateValue.InferOrder(text));

    [Theory]
    [InlineData("Date 03/04/2024")]                           // nothing decides
    [InlineData("From 25/12/2024 to 12/25/2024")]             // the document contradicts itself
    public void NoOrderWhenTheDocumentDoesNotShowOne(string text) =>
        Assert.Null(DateValue.InferOrder(text));
}
