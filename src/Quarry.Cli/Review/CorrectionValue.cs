using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quarry.Client;

namespace Quarry.Cli.Review;

/// <summary>
/// A correction typed on the command line (<c>total=99.50</c>) as the typed JSON value the review API takes: numbers for
/// numeric fields, true/false for booleans, JSON for arrays, text for everything else; nothing after the '=' clears the cell.
/// Text that does not fit the field is sent as text, so the server's 400 names the type it expected.
/// </summary>
public static class CorrectionValue
{
    /// <summary><c>FIELD=VALUE</c> split at the first '=' (a value may hold more); a usage error without one.</summary>
    public static (string Field, string Text) Split(string assignment)
    {
        var at = assignment.IndexOf('=', StringComparison.Ordinal);
        if (at <= 0)
            throw new CliUsageException($"'{assignment}' is not FIELD=VALUE (e.g. --set total=99.50, or --set due_date= to clear it).");
        return (assignment[..at].Trim(), assignment[(at + 1)..]);
    }

    public static JsonNode? Parse(string text, SchemaField? field)
    {
        if (text.Length == 0)
            return null;
        switch (field?.Type)
        {
            case FieldTypes.Number or FieldTypes.CurrencyAmount or FieldTypes.Percentage or FieldTypes.Integer
                when decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return JsonValue.Create(number);
            case FieldTypes.Boolean when bool.TryParse(text.Trim(), out var flag):
                return JsonValue.Create(flag);
            case FieldTypes.Array:
                try
                {
                    return JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    return JsonValue.Create(text);
                }
            default:
                return JsonValue.Create(text);
        }
    }

    /// <summary>The corrections of <c>--set</c> options, by field, typed by the job's schema.</summary>
    public static IReadOnlyDictionary<string, JsonNode?> ParseAll(IEnumerable<string> assignments, IReadOnlyList<SchemaField> fields)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var a in assignments)
        {
            var (name, text) = Split(a);
            if (!values.TryAdd(name, Parse(text, fields.FirstOrDefault(f => f.Name == name))))
                throw new CliUsageException($"--set {name}=… is given twice.");
        }
        return values;
    }
}
