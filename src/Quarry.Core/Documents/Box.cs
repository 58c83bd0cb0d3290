using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quarry.Core.Documents;

/// <summary>A rectangle in page coordinates: origin at the top-left corner, y grows downwards, units of the page (PDF points or image pixels).</summary>
[JsonConverter(typeof(BoxJsonConverter))]
public readonly record struct Box(double X0, double Y0, double X1, double Y1)
{
    public double Width => X1 - X0;
    public double Height => Y1 - Y0;

    public Box Union(Box other) =>
        new(Math.Min(X0, other.X0), Math.Min(Y0, other.Y0), Math.Max(X1, other.X1), Math.Max(Y1, other.Y1));

    public static Box UnionAll(IEnumerable<Box> boxes)
    {
        Box? acc = null;
        foreach (var b in boxes)
            acc = acc is { } a ? a.Union(b) : b;
        return acc ?? default;
    }

    /// <summary>Boxes travel as <c>[x0, y0, x1, y1]</c> rounded to 0.01, which is what the API promises.</summary>
    private sealed class BoxJsonConverter : JsonConverter<Box>
    {
        public override Box Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var v = JsonSerializer.Deserialize<double[]>(ref reader, options);
            if (v is not { Length: 4 })
                throw new JsonException("A box is an array of four numbers [x0, y0, x1, y1].");
            return new Box(v[0], v[1], v[2], v[3]);
        }

        public override void Write(Utf8JsonWriter writer, Box value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(Math.Round(value.X0, 2));
            writer.WriteNumberValue(Math.Round(value.Y0, 2));
            writer.WriteNumberValue(Math.Round(value.X1, 2));
            writer.WriteNumberValue(Math.Round(value.Y1, 2));
            writer.WriteEndArray();
        }
    }
}
