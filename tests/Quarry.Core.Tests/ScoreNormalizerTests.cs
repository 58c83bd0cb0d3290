using System.Text.Json;
using Quarry.Core.Evaluation;
using Quarry.Core.Schemas;

namespace Quarry.Core.Tests;

/// <summary>The reference scorer's comparison rules, value by value.</summary>
public sealed class ScoreNormalizerTests
{
    [Theory]
    [InlineData(FieldType.String, "\"Acme Corp.\"", "\"ACME  corp\"")]
    [InlineData(FieldType.String, "\"NO.2&4, JALAN\"", "\"no 2 4 jalan\"")]
    [InlineData(FieldType.Date, "\"2024-10-01\"", "\"2024-10-01T00:00:00Z\"")]
    [InlineData(FieldType.CurrencyAmount, "4250", "\"4,250.00\"")]
    [InlineData(FieldType.CurrencyAmount, "31.0", "31")]
    [InlineData(FieldType.Number, "0.125", "0.12")]
    [InlineData(FieldType.Duration, "\"P2Y\"", "\"P24M\"")]
    [InlineData(FieldType.Duration, "\"P1W\"", "\"P7D\"")]
    [InlineData(FieldType.Iban, "\"DE89 3704 0044 0532 0130 00\"", "\"de89370400440532013000\"")]
    [InlineData(FieldType.CurrencyCode, "\"usd \"", "\"USD\"")]
    public void These_values_count_as_equal(FieldType type, string truth, string predicted) =>
        Assert.Equal(Normalize(type, truth), Normalize(type, predicted));

    [Theory]
    [InlineData(FieldType.Date, "\"2024-10-01\"", "\"2024-10-02\"")]
    [InlineData(FieldType.CurrencyAmount, "4250", "4250.01")]
    [InlineData(FieldType.Duration, "\"P2Y\"", "\"two years\"")]
    [InlineData(FieldType.String, "\"ACME\"", "\"ACME CORP\"")]
    public void These_do_not(FieldType type, string truth, string predicted) =>
        Assert.NotEqual(Normalize(type, truth), Normalize(type, predicted));

    [Fact]
    public void Calibration_error_weighs_each_bin_by_its_share()
    {
        // Bin 9: confidences 0.9 and 0.95, one right → |0.925 - 0.5| × 2; bin 5: 0.5, right → |0.5 - 1| × 1.
        var ece = Scorer.CalibrationError([(0.9, true), (0.95, false), (0.5, true)]);
        Assert.Equal((0.425 * 2 + 0.5) / 3, ece!.Value, 10);
        Assert.Null(Scorer.CalibrationError([]));
    }

    private static string Normalize(FieldType type, string json)
    {
        using var doc = JsonDocument.Parse(json);
        return ScoreNormalizer.Normalize(type, doc.RootElement);
    }
}
