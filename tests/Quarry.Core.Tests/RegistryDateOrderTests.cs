using System.Text.Json.Nodes;
using Quarry.Core.Documents;
using Quarry.Core.Extraction;
using Quarry.Core.Extraction.Calibration;
using Quarry.Core.Extraction.Registry;
using Quarry.Core.Readers;
using Quarry.Core.Schemas;

namespace Quarry.Core.Tests;

/// <summary>
/// An issuer's day/month order, learned from its confirmed dates, reads a later document whose only date is ambiguous
/// (03/04/2018) the way that issuer writes it, instead of flagging it.
/// </summary>
public sealed class RegistryDateOrderTests
{
    private static readonly FieldDefinition Date = new("date", FieldType.Date);
    private static readonly FieldDefinition Ref = new("ref", FieldType.String);
    private static readonly DateTimeOffset Now = new(2024, 9, 14, 10, 0, 0, TimeSpan.Zero);

    private static DocumentContent Receipt(string shop, string id, string date) =>
        PlainTextReader.FromText($"{shop}\nGST REG NO: {id}\nDate: {date}\nRef: R-1\nTotal: 5.00");

    private static FieldRegistry Taught(string shop, string id, params (string Printed, string Confirmed)[] dates)
    {
        var registry = FieldRegistry.Empty;
        foreach (var (printed, confirmed) in dates)
            registry.Learn([Date, Ref], Receipt(shop, id, printed), new Dictionary<string, JsonNode?> { ["date"] = confirmed, ["ref"] = "R-1" }, Now);
        return registry;
    }

    private static async Task<Cell> DateCell(DocumentContent content, FieldRegistry? registry)
    {
        var row = new RowWork([Date, Ref], content, 0.8) { Registry = registry };
        foreach (var phase in PhasePipeline.Default(calibration: ConfidenceCalibration.Identity).Phases)
            await phase.RunAsync(row, CancellationToken.None);
        return row.Cells["date"];
    }

    [Fact]
    public async Task A_day_first_issuer_s_ambiguous_date_is_read_day_first_without_a_flag()
    {
        var registry = Taught("GOLDEN LOTUS TRADING", "001234567", ("05/02/2018", "2018-02-05"), ("25/12/2018", "2018-12-25"));
        var cell = await DateCell(Receipt("GOLDEN LOTUS TRADING", "001234567", "03/04/2018"), registry);
        Assert.Equal("2018-04-03", cell.Value!.GetValue<string>());
        Assert.Null(cell.Issue);

        // Without what was learned, the same page is read day first by default and flagged.
        var alone = await DateCell(Receipt("GOLDEN LOTUS TRADING", "001234567", "03/04/2018"), null);
        Assert.Equal(CellIssues.AmbiguousValue, alone.Issue);
    }

    [Fact]
    public async Task Phase_3_resumed_without_phase_1_s_fingerprint_takes_it_from_the_document()
    {
        // Another process ran phase 1: this row starts at phase 3 with the cell phase 1 stored and no fingerprint.
        var registry = Taught("STARLIGHT DINER", "009876543", ("05/02/2018", "2018-05-02"), ("12/25/2018", "2018-12-25"));
        var row = new RowWork([Date, Ref], Receipt("STARLIGHT DINER", "009876543", "03/04/2018"), 0.8) { Registry = registry };
        row.Cells["date"] = new Cell(JsonValue.Create("03/04/2018"), "03/04/2018", 0.9, PhaseNames.Resolve, null);
        Assert.Null(row.LayoutKeys);
        await new NormalizePhase().RunAsync(row, CancellationToken.None);
        Assert.Equal("2018-03-04", row.Cells["date"].Value!.GetValue<string>());
        Assert.Null(row.Cells["date"].Issue);
    }

    [Fact]
    public async Task A_month_first_issuer_s_ambiguous_date_is_read_month_first()
    {
        var registry = Taught("STARLIGHT DINER", "009876543", ("05/02/2018", "2018-05-02"), ("12/25/2018", "2018-12-25"));
        var cell = await DateCell(Receipt("STARLIGHT DINER", "009876543", "03/04/2018"), registry);
        Assert.Equal("2018-03-04", cell.Value!.GetValue<string>());
        Assert.Null(cell.Issue);
    }

    [Fact]
    public async Task An_unknown_issuer_stays_flagged_until_many_confirmed_dates_agree_and_an_issuer_that_mixes_orders_stays_flagged()
    {
        var registry = Taught("GOLDEN LOTUS TRADING", "001234567", ("05/02/2018", "2018-02-05"), ("25/12/2018", "2018-12-25"));
        var stranger = await DateCell(Receipt("OPAL RIVER HOLDINGS", "003332221", "03/04/2018"), registry);
        Assert.Equal(CellIssues.AmbiguousValue, stranger.Issue);

        var mixed = Taught("STARLIGHT DINER", "009876543", ("05/02/2018", "2018-02-05"), ("05/02/2018", "2018-05-02"), ("06/02/2018", "2018-06-02"));
        Assert.Equal(CellIssues.AmbiguousValue, (await DateCell(Receipt("STARLIGHT DINER", "009876543", "03/04/2018"), mixed)).Issue);
    }
}
