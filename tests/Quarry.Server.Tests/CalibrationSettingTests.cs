namespace Quarry.Server.Tests;

/// <summary><c>Quarry:Review:CalibrationFile</c>: a table of the user's own is used; a wrong path stops the start with a message naming the setting.</summary>
public sealed class CalibrationSettingTests : DatabaseTest
{
    [Fact]
    public void A_missing_calibration_file_stops_the_start_and_names_the_setting()
    {
        using var host = new QuarryHost(Db, new Dictionary<string, string?> { ["Quarry:Review:CalibrationFile"] = "/nowhere/calibration.json" });
        var e = Record.Exception(() => host.CreateClient());
        Assert.NotNull(e);
        Assert.Contains("Quarry:Review:CalibrationFile", Flatten(e), StringComparison.Ordinal);
    }

    [Fact]
    public void A_calibration_file_that_is_not_a_table_stops_the_start()
    {
        var path = Path.Combine(Db.DataDir, "broken-calibration.json");
        Directory.CreateDirectory(Db.DataDir);
        File.WriteAllText(path, "{ not json");
        using var host = new QuarryHost(Db, new Dictionary<string, string?> { ["Quarry:Review:CalibrationFile"] = path });
        var e = Record.Exception(() => host.CreateClient());
        Assert.NotNull(e);
        Assert.Contains("cannot be read as a calibration table", Flatten(e), StringComparison.Ordinal);
    }

    private static string Flatten(Exception e) => e is AggregateException a ? string.Join(" | ", a.Flatten().InnerExceptions.Select(x => x.ToString())) : e.ToString();
}
