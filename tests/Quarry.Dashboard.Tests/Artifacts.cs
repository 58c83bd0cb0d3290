namespace Quarry.Dashboard.Tests;

/// <summary>
/// Where the tests leave what a person may want to look at: <c>TestResults/dashboard/</c> under the repository root
/// (screenshots of every page, the 10,000-row grid figures). Outside a checkout, under the test's working folder.
/// </summary>
public static class Artifacts
{
    public static string Folder { get; } = Create();

    public static string PathOf(string name) => Path.Combine(Folder, name);

    private static string Create()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Quarry.slnx")))
            dir = dir.Parent;
        var folder = Path.Combine(dir?.FullName ?? Directory.GetCurrentDirectory(), "TestResults", "dashboard");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
