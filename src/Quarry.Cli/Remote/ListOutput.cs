using System.CommandLine;
using System.Text.Json;

namespace Quarry.Cli.Remote;

/// <summary>A list as a client command prints it: the API's objects with --json, ids with -q, else an aligned table (or a line saying it is empty).</summary>
public static class ListOutput
{
    public static Option<bool> JsonOption(string what) => new("--json") { Description = $"Print the {what} as JSON" };

    public static Option<bool> QuietOption() => new("--quiet", "-q") { Description = "Print only the ids" };

    public static async Task WriteAsync<T>(IReadOnlyList<T> items, bool json, bool quiet, string empty, IReadOnlyList<string> header,
        Func<T, IReadOnlyList<string>> row, Func<T, Guid> id, int statusColumn = -1)
    {
        if (json)
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(items, Output.Json));
        else if (quiet)
            await Console.Out.WriteAsync(string.Concat(items.Select(i => id(i).ToString("D") + "\n")));
        else if (items.Count == 0)
            await Console.Out.WriteLineAsync(empty);
        else
            await TextTable.WriteAsync(Console.Out, header, items.Select(row).ToList(), Terminal.StdoutColours,
                (col, text) => col == statusColumn ? Terminal.Of(text) : Colour.None, maxWidth: 60);
    }
}
