namespace Quarry.Cli.Remote;

/// <summary>Colours and redrawing only for a person at a terminal: never in pipes or files, never with NO_COLOR (https://no-color.org).</summary>
public static class Terminal
{
    public static bool ColoursAllowed =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) && Environment.GetEnvironmentVariable("TERM") != "dumb";

    /// <summary>Whether text written to stdout may carry colours.</summary>
    public static bool StdoutColours => !Console.IsOutputRedirected && ColoursAllowed;

    /// <summary>Whether stderr is a terminal that can show a progress display (cursor movement is not a colour, but a dumb terminal cannot).</summary>
    public static bool StderrLive => !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb";

    public static bool StderrColours => StderrLive && ColoursAllowed;

    public static string Paint(string text, Colour colour, bool enabled) =>
        enabled && colour != Colour.None ? $"\u001b[{(int)colour}m{text}\u001b[0m" : text;

    /// <summary>The colour of a row or job status.</summary>
    public static Colour Of(string status) => status switch
    {
        "approved" or "complete" or "completed" or "delivered" => Colour.Green,
        "review" or "processing" or "queued" or "pending" => Colour.Yellow,
        "failed" or "rejected" or "error" or "cancelled" => Colour.Red,
        _ => Colour.None,
    };
}

public enum Colour
{
    None = 0,
    Dim = 2,
    Red = 31,
    Green = 32,
    Yellow = 33,
    Cyan = 36,
}
