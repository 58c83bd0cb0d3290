using System.Text.Json.Nodes;
using Quarry.Core.Documents;
using Quarry.Core.Extraction;
using Quarry.Core.Extraction.Calibration;
using Quarry.Core.Schemas;
using Quarry.Core.Values;

namespace Quarry.Core.Tests;

public class RowValidatorTests
{
    private const double Threshold = 0.8;

    private static Cell Filled(JsonNode? value, double confidence = 0.9, string phase = PhaseNames.Resolve, string? issue = null) =>
        new(value, value?.ToJsonString(), confidence, phase, null, issue);

    private static Cell Found(JsonNode value, double score) =>
        new(value, value.ToJsonString(), score, PhaseNames.Resolve, null, Evidence: new Evidence(EvidenceKinds.Label, score));

    /// <summary>A small table: label evidence as it is, amounts that add up at 0.97–0.99, amounts that do not at 0.1–0.3, empty fields right half the time.</summary>
    private static readonly ConfidenceCalibration Calibration = ConfidenceCalibration.From(new CalibrationTable(1, [],
        new Dictionary<string, CalibrationCurve>
        {
            ["label"] = new(100, [[0, 0], [1, 1]]),
            ["label|*|agrees"] = new(100, [[0, 0.97], [1, 0.99]]),
            ["label|*|disagrees"] = new(100, [[0, 0.1], [1, 0.3]]),
        },
        new Dictionary<string, CalibrationRate> { ["*"] = new(100, 0.5) }));

    private static RowWork Row(FieldDefinition[] fields, params (string Field, Cell Cell)[] cells)
    {
        var row = new RowWork(fields, DocumentContent.Empty, Threshold);
        foreach (var (f, c) in cells)
            row.Cells[f] = c;
        return row;
    }

    private static string[] Flags(RowWork row) => row.Flags.Order(StringComparer.Ordinal).ToArray();

    private static readonly FieldDefinition[] Amounts =
    [
        new("subtotal", FieldType.CurrencyAmount), new("tax", FieldType.CurrencyAmount), new("total", FieldType.CurrencyAmount),
    ];

    [Fact]
    public void AmountsThatAddUpAreTrustedMore()
    {
        var row = Row(Amounts, ("subtotal", Found(JsonValue.Create(90.00m), 0.5)), ("tax", Found(JsonValue.Create(10.00m), 0.5)),
            ("total", Found(JsonValue.Create(100.00m), 0.5)));
        RowValidator.Validate(row, Calibration);
        Assert.Empty(row.Flags);
        Assert.Equal(0.98, row.CellOf("total").Confidence);
        Assert.Equal(0.9412, row.Confidence); // 0.98³: the chance that all three are right
        Assert.Equal(RowStatuses.Approved, row.Status);
        Assert.Equal(0.5, row.CellOf("total").Evidence!.Score); // the evidence is kept, so validating twice changes nothing
        RowValidator.Validate(row, Calibration);
        Assert.Equal(0.98, row.CellOf("total").Confidence);
        Assert.Equal(0.9412, row.Confidence);
    }

    [Fact]
    public void AmountsThatDoNotAddUpAreFlaggedAndTrustedLess()
    {
        var row = Row(Amounts, ("subtotal", Found(JsonValue.Create(90.00m), 0.95)), ("tax", Found(JsonValue.Create(10.00m), 0.95)),
            ("total", Found(JsonValue.Create(110.00m), 0.95)));
        RowValidator.Validate(row, Calibration);
        Assert.Contains("rule_failed:subtotal_plus_tax_equals_total", row.Flags);
        Assert.Equal(0.29, row.CellOf("total").Confidence);
        Assert.Equal(RowStatuses.Review, row.Status);
    }

    [Fact]
    public void AMissingRequiredFieldIsFlaggedAndCountsAsZero()
    {
        var row = Row([new("invoice_number", FieldType.String, Required: true), new("total", FieldType.Number, Required: true), new("note", FieldType.String)],
            ("total", Filled(JsonValue.Create(12m))));
        RowValidator.Validate(row, Calibration);
        Assert.Equal(["missing_required_field:invoice_number"], Flags(row));
        Assert.Equal(0, row.Confidence);
        Assert.Equal(RowStatuses.Review, row.Status);
    }

    [Fact]
    public void AValueThatCouldNotBeReadIsATypeMismatchNotAMissingField()
    {
        var row = Row([new("total", FieldType.Number, Required: true), new("issued", FieldType.Date)],
            ("total", new Cell(null, "abc", 0.9, PhaseNames.Normalize, null, CellIssues.TypeMismatch)),
            ("issued", new Cell(null, "soon", 0.9, PhaseNames.Normalize, null, CellIssues.TypeMismatch)));
        RowValidator.Validate(row, Calibration);
        Assert.Equal(["type_mismatch:issued", "type_mismatch:total"], Flags(row));
        Assert.Equal(0, row.Confidence); // only the required field counts, as 0
    }

    public static TheoryData<FieldDefinition, string, string[]> Checks => new()
    {
        // types
        { new("n", FieldType.Number), "12.5", [] },
        { new("n", FieldType.Number), "\"12.5\"", ["type_mismatch"] },
        { new("n", FieldType.Integer), "12", [] },
        { new("n", FieldType.Integer), "12.5", ["type_mismatch"] },
        { new("n", FieldType.CurrencyAmount), "true", ["type_mismatch"] },
        { new("b", FieldType.Boolean), "false", [] },
        { new("b", FieldType.Boolean), "\"yes\"", ["type_mismatch"] },
        { new("s", FieldType.String), "12", ["type_mismatch"] },
        { new("a", FieldType.Array, Items: new ArrayItems(FieldType.String, null)), "[\"x\"]", [] },
        { new("a", FieldType.Array, Items: new ArrayItems(FieldType.String, null)), "\"x\"", ["type_mismatch"] },
        // a wrong type stops the other checks
        { new("n", FieldType.Number, Pattern: "^1$", Enum: ["1"]), "\"x\"", ["type_mismatch"] },
        // formats
        { new("d", FieldType.Date), "\"2024-03-15\"", [] },
        { new("d", FieldType.Date), "\"15.03.2024\"", ["format_mismatch"] },
        { new("d", FieldType.Date), "\"2024-02-30\"", ["format_mismatch"] },
        { new("t", FieldType.DateTime), "\"2024-03-15T08:30:00Z\"", [] },
        { new("t", FieldType.DateTime), "\"yesterday\"", ["format_mismatch"] },
        { new("e", FieldType.Email), "\"billing@acme.example\"", [] },
        { new("e", FieldType.Email), "\"billing at acme\"", ["format_mismatch"] },
        { new("e", FieldType.Email), "\"billing@acme\"", ["format_mismatch"] },
        { new("i", FieldType.Iban), "\"DE89370400440532013000\"", [] },
        { new("i", FieldType.Iban), "\"GB82WEST12345698765432\"", [] },
        { new("i", FieldType.Iban), "\"DE89370400440532013001\"", ["format_mismatch"] },  // checksum
        { new("i", FieldType.Iban), "\"DE8937040044\"", ["format_mismatch"] },            // too short
        { new("c", FieldType.CurrencyCode), "\"EUR\"", [] },
        { new("c", FieldType.CurrencyCode), "\"XYZ\"", ["format_mismatch"] },
        { new("u", FieldType.Url), "\"https://acme.example/a\"", [] },
        { new("u", FieldType.Url), "\"www.acme.example\"", [] },
        { new("u", FieldType.Url), "\"ftp://acme.example\"", ["format_mismatch"] },
        { new("p", FieldType.Phone), "\"+49 (30) 123-4567\"", [] },
        { new("p", FieldType.Phone), "\"call us\"", ["format_mismatch"] },
        { new("p", FieldType.Duration), "\"P2Y\"", [] },
        { new("p", FieldType.Duration), "\"2 years\"", ["format_mismatch"] },
        // patterns
        { new("s", FieldType.String, Pattern: "^INV-[0-9]+$"), "\"INV-42\"", [] },
        { new("s", FieldType.String, Pattern: "^INV-[0-9]+$"), "\"X-42\"", ["format_mismatch"] },
        { new("n", FieldType.Integer, Pattern: "^[0-9]{4}$"), "123", ["format_mismatch"] },
        // a value failing both its format and its pattern is one mismatch
        { new("e", FieldType.Email, Pattern: "@acme\\.example$"), "\"nope\"", ["format_mismatch"] },
        { new("e", FieldType.Email, Pattern: "@acme\\.example$"), "\"a@other.example\"", ["format_mismatch"] },
        // enums
        { new("st", FieldType.Enum, Enum: ["paid", "unpaid"]), "\"paid\"", [] },
        { new("st", FieldType.Enum, Enum: ["paid", "unpaid"]), "\"refunded\"", ["enum_mismatch"] },
        { new("st", FieldType.Enum, Enum: ["paid", "unpaid"]), "\"Paid\"", ["enum_mismatch"] },
        { new("st", FieldType.String, Enum: ["S", "M"], Pattern: "^[A-Z]$"), "\"XL\"", ["format_mismatch", "enum_mismatch"] },
        // ranges
        { new("n", FieldType.Number, Min: 0, Max: 100), "100", [] },
        { new("n", FieldType.Number, Min: 0, Max: 100), "0", [] },
        { new("n", FieldType.Number, Min: 0, Max: 100), "100.01", ["out_of_range"] },
        { new("n", FieldType.Number, Min: 0, Max: 100), "-1", ["out_of_range"] },
        { new("n", FieldType.CurrencyAmount, Min: 0), "-0.01", ["out_of_range"] },
        { new("n", FieldType.Percentage, Max: 100), "150", ["out_of_range"] },
        { new("n", FieldType.Integer, Min: 1), "0", ["out_of_range"] },
        { new("a", FieldType.Array, Min: 1, Max: 2, Items: new ArrayItems(FieldType.String, null)), "[]", ["out_of_range"] },
        { new("a", FieldType.Array, Min: 1, Max: 2, Items: new ArrayItems(FieldType.String, null)), "[\"a\",\"b\",\"c\"]", ["out_of_range"] },
        { new("a", FieldType.Array, Min: 1, Max: 2, Items: new ArrayItems(FieldType.String, null)), "[\"a\",\"b\"]", [] },
    };

    [Theory]
    [MemberData(nameof(Checks))]
    public void ChecksAValueAgainstItsField(FieldDefinition field, string json, string[] expected) =>
        Assert.Equal(expected, RowValidator.Check(field, JsonNode.Parse(json)!).ToArray());

    [Fact]
    public void ChecksValuesBuiltInMemoryAsWellAsParsedOnes()
    {
        // Phase 3 builds Integer values as longs and amounts as decimals; the checks must read them as they are.
        Assert.Empty(RowValidator.Check(new FieldDefinition("n", FieldType.Integer, Min: 1, Max: 10), JsonValue.Create(5L)));
        Assert.Equal(["out_of_range"], RowValidator.Check(new FieldDefinition("n", FieldType.Integer, Max: 10), JsonValue.Create(11L)).ToArray());
        Assert.Equal(["out_of_range"], RowValidator.Check(new FieldDefinition("n", FieldType.CurrencyAmount, Min: 0), JsonValue.Create(-12.5m)).ToArray());
        Assert.Equal(["out_of_range"], RowValidator.Check(new FieldDefinition("n", FieldType.Number, Max: 1), JsonValue.Create(1.5)).ToArray());
        Assert.Equal(["type_mismatch"], RowValidator.Check(new FieldDefinition("n", FieldType.Integer), JsonValue.Create(2.5m)).ToArray());
        Assert.Empty(RowValidator.Check(new FieldDefinition("n", FieldType.Integer), JsonValue.Create(2.0m)));
    }

    [Fact]
    public void FlagsCarryTheFieldName()
    {
        var row = Row([new("total", FieldType.Number, Max: 10), new("status", FieldType.Enum, Enum: ["paid"])],
            ("total", Filled(JsonValue.Create(11))),
            ("status", Filled(JsonValue.Create("refunded"))));
        RowValidator.Validate(row, Calibration);
        Assert.Equal(["enum_mismatch:status", "out_of_range:total"], Flags(row));
    }

    [Fact]
    public void LowConfidenceIsFlaggedExceptForValuesAPersonSet()
    {
        var row = Row([new("a", FieldType.String), new("b", FieldType.String), new("c", FieldType.String)],
            ("a", Filled(JsonValue.Create("x"), 0.79)),
            ("b", Filled(JsonValue.Create("y"), 0.5, PhaseNames.Human)),
            ("c", Filled(JsonValue.Create("z"), 0.8)));
        RowValidator.Validate(row, Calibration);
        Assert.Equal(["low_confidence:a"], Flags(row));
    }

    [Fact]
    public void AnAmbiguousValueIsFlagged()
    {
        var row = Row([new("issued", FieldType.Date)], ("issued", Filled(JsonValue.Create("2024-04-03"), 0.95, issue: CellIssues.AmbiguousValue)));
        RowValidator.Validate(row, Calibration);
        Assert.Equal(["ambiguous_value:issued"], Flags(row));
        Assert.Equal(0.95, row.Confidence);
        Assert.Equal(RowStatuses.Review, row.Status);
    }

    [Fact]
    public void RowConfidenceIsTheChanceThatEveryValueIsRight()
    {
        var row = Row(
            [new("a", FieldType.String), new("b", FieldType.String), new("c", FieldType.String)],
            ("a", Filled(JsonValue.Create("x"), 0.9)),
            ("b", Filled(JsonValue.Create("y"), 0.7)));
        RowValidator.Validate(row, Calibration);
        Assert.Equal(0.315, row.Confidence); // 0.9 × 0.7 × 0.5: the empty optional field is truly absent half the time
    }

    [Fact]
    public void ARowWithNothingToScoreHasNoConfidenceAndNeedsReview()
    {
        var row = Row([new("a", FieldType.String), new("b", FieldType.Number)]);
        RowValidator.Validate(row, Calibration);
        Assert.Empty(row.Flags);
        Assert.Null(row.Confidence);
        Assert.Equal(RowStatuses.Review, row.Status);
    }

    [Theory]
    // no flags and a row confidence at or above the threshold: approved
    [InlineData(0.99, 0.9, RowStatuses.Approved, 0)]
    [InlineData(1.0, 0.8, RowStatuses.Approved, 0)]
    // every value passes, but the chance that both are right does not
    [InlineData(0.85, 0.85, RowStatuses.Review, 0)]
    // a value below the threshold is flagged
    [InlineData(0.9, 0.79, RowStatuses.Review, 1)]
    public void ApprovedOnlyWithoutFlagsAndAboveTheThreshold(double a, double b, string status, int flags)
    {
        var row = Row([new("a", FieldType.String, Required: true), new("b", FieldType.String, Required: true)],
            ("a", Filled(JsonValue.Create("x"), a)),
            ("b", Filled(JsonValue.Create("y"), b)));
        RowValidator.Validate(row, Calibration);
        Assert.Equal(status, row.Status);
        Assert.Equal(flags, row.Flags.Count);
    }

    [Fact]
    public void ARowConfidenceBelowTheThresholdNeedsReviewEvenWithoutFlags()
    {
        // A person's value is not flagged for its confidence, but it still counts in the row's.
        var row = Row([new("a", FieldType.String), new("b", FieldType.String)],
            ("a", Filled(JsonValue.Create("x"), 0.9)),
            ("b", Filled(JsonValue.Create("y"), 0.5, PhaseNames.Human)));
        RowValidator.Validate(row, Calibration);
        Assert.Empty(row.Flags);
        Assert.Equal(0.45, row.Confidence);
        Assert.Equal(RowStatuses.Review, row.Status);
    }

    [Fact]
    public void ValidatingAgainReplacesFlagsButKeepsDocumentErrors()
    {
        var fields = new FieldDefinition[] { new("a", FieldType.String, Required: true) };
        var row = Row(fields);
        row.Flags.AddRange(["document_error:corrupt_file", "low_confidence:a", "missing_required_field:a"]);
        RowValidator.Validate(row, Calibration);
        RowValidator.Validate(row, Calibration);
        Assert.Equal(["document_error:corrupt_file", "missing_required_field:a"], Flags(row));

        row.Cells["a"] = Filled(JsonValue.Create("x"), 0.95);
        RowValidator.Validate(row, Calibration);
        Assert.Equal(["document_error:corrupt_file"], Flags(row));
        Assert.Equal(RowStatuses.Review, row.Status);
    }

    [Fact]
    public async Task TheTransformPhaseValidatesANormalizedRow()
    {
        var fields = new FieldDefinition[] { new("count", FieldType.Integer, Required: true, Max: 100), new("total", FieldType.CurrencyAmount, Required: true) };
        var row = Row(fields,
            ("count", new Cell(JsonValue.Create("1,234"), "1,234", 0.9, PhaseNames.Resolve, null)),
            ("total", new Cell(JsonValue.Create("$12.00"), "$12.00", 0.9, PhaseNames.Resolve, null)));
        await new NormalizePhase().RunAsync(row, CancellationToken.None);
        Assert.Equal(PhaseOutcome.Completed, await new TransformPhase(Calibration).RunAsync(row, CancellationToken.None));
        Assert.Equal(["out_of_range:count"], Flags(row));
        Assert.Equal(0.81, row.Confidence);
        Assert.Equal(RowStatuses.Review, row.Status);
    }
}
