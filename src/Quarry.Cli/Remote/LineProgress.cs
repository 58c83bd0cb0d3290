using System.Globalization;

namespace Quarry.Cli.Remote;

/// <summary>A one-line progress bar on stderr, only on a terminal and only for more than one item; the line is cleared when done.</summary>
public sealed class LineProgress : IDisposable
{
    private const int Width = 30;
    private readonly string _label;
    private readonly int _total;
    private readonly string _unit;
    private readonly bool _show;
    private int _done;

    public LineProgress(string label, int total, string unit)
    {
        _label = label;
        _total = total;
        _unit = unit;
        _show = Terminal.StderrLive && total > 1;
        Draw();
    }

    public void Advance(int by)
    {
        _done = Math.Min(_total, _done + by);
        Draw();
    }

    public void Dispose()
    {
        if (_show) Console.Error.Write("\r\u001b[K");
    }

    private void Draw()
    {
        if (!_show) return;
        var filled = _total == 0 ? Width : _done * Width / _total;
        Console.Error.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r{_label} [{new string('#', filled)}{new string('.', Width - filled)}] {_done}/{_total} {_unit}\u001b[K"));
    }
}
