using System.Globalization;
using Quarry.Core.Documents;

namespace Quarry.Core.Readers.Ocr;

/// <summary>The properties hOCR keeps in a <c>title</c> attribute, e.g. <c>bbox 10 20 110 40; x_wconf 93; ppageno 0</c>.</summary>
internal sealed record HocrTitle(Box? Box, double? Confidence, int? PageNumber)
{
    public static HocrTitle Parse(string? title)
    {
        Box? box = null;
        double? confidence = null;
        int? page = null;
        foreach (var property in (title ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = property.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            switch (parts[0])
            {
                case "bbox":
                    box = ParseBox(parts, title!);
                    break;
                case "x_wconf" when parts.Length > 1 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var c):
                    confidence = Math.Clamp(c / 100, 0, 1);
                    break;
                case "ppageno" when parts.Length > 1 && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p >= 0:
                    page = p;
                    break;
            }
        }
        return new HocrTitle(box, confidence, page);
    }

    private static Box ParseBox(string[] parts, string title)
    {
        var v = new double[4];
        var ok = parts.Length == 5;
        for (var i = 0; ok && i < 4; i++)
            ok = double.TryParse(parts[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) && double.IsFinite(v[i]);
        if (!ok || v[2] < v[0] || v[3] < v[1])
            throw new DocumentReadException(DocumentErrorCodes.CorruptFile, $"The hOCR bounding box in '{title}' is not four numbers x0 y0 x1 y1.");
        return new Box(v[0], v[1], v[2], v[3]);
    }
}
