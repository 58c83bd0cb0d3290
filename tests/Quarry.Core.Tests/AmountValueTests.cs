using System.Globalization;
using Quarry.Core.Values;

namespace Quarry.Core.Tests;

public class AmountValueTests
{
    [Theory]
    [InlineData("4,250.00", "4250.00", null)]
    [InlineData("4.250,00", "4250.00", null)]
    [InlineData("4 250,00", "4250.00", null)]
    [InlineData("4\u00A0250,00", "4250.00", null)]
    [InlineData("4\u202F250,00", "4250.00", null)]
    [InlineData("1'234.50", "1234.50", null)]
    [InlineData("1’234.50", "1234.50", null)]
    [InlineData("1,234,567.89", "1234567.89", null)]
    [InlineData("1.234.567,89", "1234567.89", null)]
    [InlineData("1.234.567", "1234567", null)]
    [InlineData("(12.00)", "-12.00", null)]
    [InlineData("12.00-", "-12.00", null)]
    [InlineData("-12.00", "-12.00", null)]
    [InlineData("$4,250", "4250", "USD")]
    [InlineData("$ 4,250.99", "4250.99", "USD")]
    [InlineData("-$12.50", "-12.50", "USD")]
    [InlineData("EUR 12,50", "12.50", "EUR")]
    [InlineData("EUR12,50", "12.50", "EUR")]
    [InlineData("12,50 €", "12.50", "EUR")]
    [InlineData("€1.234,56", "1234.56", "EUR")]
    [InlineData("£ 99.99", "99.99", "GBP")]
    [InlineData("100 CHF", "100", "CHF")]
    [InlineData("  42  ", "42", null)]
    // a lone comma before three digits groups thousands; before fewer digits it is the decimal mark
    [InlineData("1,234", "1234", null)]
    [InlineData("12,5", "12.5", null)]
    [InlineData("12,50", "12.50", null)]
    // a lone dot is always the decimal mark
    [InlineData("1.234", "1.234", null)]
    [InlineData("0.5", "0.5", null)]
    public void Parses(string text, string expected, string? currency)
    {
        Assert.True(AmountValue.TryParse(text, out var amount), $"'{text}' was not read as an amount");
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), amount.Value);
        Assert.Equal(currency, amount.Currency);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("N/A")]
    [InlineData("-")]
    [InlineData("12 apples")]
    [InlineData("total 12")]
    [InlineData("12.34.56")]
    [InlineData("1,2,3")]
    [InlineData("INV-2024")]
    [InlineData("ABC 12")]
    [InlineData("12 PCS")]
    public void RejectsWhatIsNoAmount(string text) =>
        Assert.False(AmountValue.TryParse(text, out _));

    [Theory]
    [InlineData("Subtotal 21.05.14")]
    [InlineData("Version 1.2.3")]
    public void FindsNoAmountInADateOrAVersion(string text) =>
        Assert.False(AmountValue.TryFind(text, out _, out _, out _));

    [Theory]
    [InlineData("Total due: EUR 1.234,50 incl. VAT", "1234.50", "EUR", "EUR 1.234,50")]
    [InlineData("Balance (12.00)", "-12.00", null, "(12.00)")]
    [InlineData("Paid 12.00- on account", "-12.00", null, "12.00-")]
    [InlineData("Ref ABC 12.50", "12.50", null, "12.50")]
    [InlineData("INV-2024 is settled", "2024", null, "2024")]
    [InlineData("Qty 12 PCS", "12", null, "12")]
    [InlineData("ABC12 XYZ 5", "5", null, "5")]
    [InlineData("Total: 99.90 USD", "99.90", "USD", "99.90 USD")]
    public void FindsAnAmountInText(string text, string expected, string? currency, string found)
    {
        Assert.True(AmountValue.TryFind(text, out var amount, out var i, out var len));
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), amount.Value);
        Assert.Equal(currency, amount.Currency);
        Assert.Equal(found, text.Substring(i, len).Trim());
    }

    [Theory]
    [InlineData("no numbers here")]
    [InlineData("")]
    public void FindsNothingWithoutDigits(string text) =>
        Assert.False(AmountValue.TryFind(text, out _, out _, out _));
}
