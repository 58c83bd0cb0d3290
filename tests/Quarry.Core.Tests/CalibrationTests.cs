using Quarry.Core.Evaluation;
using Quarry.Core.Extraction;
using Quarry.Core.Extraction.Calibration;
using Quarry.Core.Schemas;

namespace Quarry.Core.Tests;

public class CalibrationTests
{
    /// <summary>Samples whose true chance of being right is known: a score s is right with probability s², the kind of bent curve raw scores have.</summary>
    private static List<CalibrationSample> Synthetic(int count, int seed, string kind = EvidenceKinds.Label, string group = "total")
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var score = random.NextDouble();
            return new CalibrationSample(kind, group, RuleAgreement.None, score, random.NextDouble() < score * score);
        }).ToList();
    }

    [Fact]
    public void AmongCellsReportedAtCAboutCAreRight()
    {
        var table = CalibrationFitter.Fit(Synthetic(4000, 1), [], ["synthetic"]);
        var calibration = ConfidenceCalibration.From(table);
        var heldOut = Synthetic(4000, 2);
        var mapped = heldOut.Select(s => (calibration.Confidence(new Evidence(s.Kind, s.Score), s.Group), s.Correct)).ToList();
        var raw = heldOut.Select(s => (s.Score, s.Correct)).ToList();

        Assert.True(Scorer.CalibrationError(mapped) <= 0.03, $"calibrated error {Scorer.CalibrationError(mapped)}");
        Assert.True(Scorer.CalibrationError(raw) >= 0.1, "the raw scores were meant to be badly calibrated");
        // Checked bin by bin too: cells reported near 0.25 are right about a quarter of the time.
        foreach (var bin in mapped.GroupBy(m => Math.Min((int)(m.Item1 * 10), 9)).Where(b => b.Count() >= 200))
            Assert.InRange(bin.Average(m => m.Correct ? 1.0 : 0.0) - bin.Average(m => m.Item1), -0.06, 0.06);
    }

    [Fact]
    public void CurvesRiseAndStayWithinProbabilities()
    {
        var random = new Random(3);
        // Noisy, non-monotone data: the fitted curve must still never fall.
        var samples = Enumerable.Range(0, 500).Select(i => new CalibrationSample("k", "g", RuleAgreement.None, i / 500.0, random.NextDouble() < (i % 100) / 100.0)).ToList();
        var curve = CalibrationFitter.FitCurve(samples.Select(s => (s.Score, s.Correct)).ToList());
        for (var i = 1; i < curve.Points.Count; i++)
        {
            Assert.True(curve.Points[i][0] > curve.Points[i - 1][0]);
            Assert.True(curve.Points[i][1] >= curve.Points[i - 1][1]);
        }
        Assert.All(curve.Points, p => Assert.InRange(p[1], 0.01, 0.995));
    }

    [Fact]
    public void APerfectSmallGroupDoesNotClaimCertainty()
    {
        var samples = Enumerable.Range(0, 40).Select(i => (0.9, true)).ToList();
        var curve = CalibrationFitter.FitCurve(samples);
        Assert.True(curve.Map(0.9) < 1);
    }

    [Fact]
    public void AKeyWithTooFewSamplesFallsBackToItsKind()
    {
        var samples = Synthetic(200, 4, group: "total").Concat(Synthetic(5, 5, group: "tax").Select(s => s with { Correct = false })).ToList();
        var table = CalibrationFitter.Fit(samples, [], []);
        Assert.True(table.Curves.ContainsKey("label|total"));
        Assert.False(table.Curves.ContainsKey("label|tax"));
        var calibration = ConfidenceCalibration.From(table);
        // "tax" has five wrong samples only: it is read with the curve of label evidence in general.
        Assert.Equal(table.Curves["label"].Map(0.9), calibration.Confidence(new Evidence(EvidenceKinds.Label, 0.9), "tax"), 4);
    }

    [Fact]
    public void RuleOutcomesHaveTheirOwnCurvesWhenThereAreEnoughExamples()
    {
        var agreeing = Enumerable.Range(0, 60).Select(i => new CalibrationSample(EvidenceKinds.Label, "total", RuleAgreement.Agrees, 0.7, true));
        var alone = Enumerable.Range(0, 60).Select(i => new CalibrationSample(EvidenceKinds.Label, "total", RuleAgreement.None, 0.7, i % 2 == 0));
        var calibration = ConfidenceCalibration.From(CalibrationFitter.Fit(agreeing.Concat(alone), [], []));
        Assert.True(calibration.Confidence(new Evidence(EvidenceKinds.Label, 0.7), "total", RuleAgreement.Agrees) > 0.9);
        Assert.InRange(calibration.Confidence(new Evidence(EvidenceKinds.Label, 0.7), "total"), 0.45, 0.55);
    }

    [Fact]
    public void AbsentRatesAreMeasuredPerGroup()
    {
        var absent = Enumerable.Range(0, 100).Select(i => new AbsentSample("due_date", i < 70))
            .Concat(Enumerable.Range(0, 50).Select(_ => new AbsentSample("iban", true)));
        var calibration = ConfidenceCalibration.From(CalibrationFitter.Fit([], absent, []));
        Assert.InRange(calibration.AbsentIsRight("due_date"), 0.68, 0.72);
        Assert.True(calibration.AbsentIsRight("iban") > 0.95);
        Assert.InRange(calibration.AbsentIsRight("never_seen"), 0.75, 0.85); // the overall rate
    }

    [Fact]
    public void GroupsAreTheFieldsMeaningElseItsType()
    {
        Assert.Equal("total", CalibrationKey.GroupOf(new FieldDefinition("grand_total", FieldType.CurrencyAmount)));
        Assert.Equal("issue_date", CalibrationKey.GroupOf(new FieldDefinition("invoice_date", FieldType.Date)));
        Assert.Equal("currency_code", CalibrationKey.GroupOf(new FieldDefinition("ccy", FieldType.CurrencyCode)));
    }

    [Fact]
    public void TheShippedTableLoadsAndEveryCurveRises()
    {
        var table = ConfidenceCalibration.Default.Table!;
        Assert.NotEmpty(table.FittedOn);
        Assert.True(table.Curves.ContainsKey(CalibrationKey.Any));
        foreach (var (key, curve) in table.Curves)
        {
            Assert.True(curve.Samples >= CalibrationFitter.MinSamples || key == CalibrationKey.Any, key);
            for (var i = 1; i < curve.Points.Count; i++)
                Assert.True(curve.Points[i][1] >= curve.Points[i - 1][1], key);
            Assert.All(curve.Points, p => Assert.InRange(p[1], 0, 1));
        }
    }

    [Fact]
    public void WithoutATableConfidenceIsTheRawScore()
    {
        Assert.Equal(0.42, ConfidenceCalibration.Identity.Confidence(new Evidence(EvidenceKinds.Pattern, 0.42), "date"));
        Assert.Equal(1, ConfidenceCalibration.Identity.AbsentIsRight("date"));
    }
}
