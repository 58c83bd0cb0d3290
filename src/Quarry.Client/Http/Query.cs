using System.Globalization;
using System.Text;

namespace Quarry.Client;

/// <summary>A path with its query string; parameters with no value are left out.</summary>
internal sealed class Query(string path)
{
    private readonly StringBuilder _text = new(path);
    private bool _first = !path.Contains('?', StringComparison.Ordinal);

    public Query Add(string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) return this;
        _text.Append(_first ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        _first = false;
        return this;
    }

    public Query Add(string name, int? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public Query Add(string name, DateTimeOffset? value) => Add(name, value is { } v ? QuarryJson.Timestamp(v) : null);

    public Query Add(string name, Guid? value) => Add(name, value?.ToString("D"));

    public override string ToString() => _text.ToString();

    public static string Id(Guid id) => id.ToString("D");
}
