using System.Globalization;
using Quarry.Testing;

/// <summary>Generated documents for the benchmark: deterministic, varied in layout.</summary>
public static class BenchFiles
{
    private static readonly string[] Vendors = ["Acme Corp", "Globex GmbH", "Initech BV", "Umbrella SA", "Stark Industries Ltd"];

    public static byte[] InvoicePdf(int n)
    {
        var inv = CultureInfo.InvariantCulture;
        var labelX = 50 + n % 3 * 20;
        var valueX = 180 + n % 4 * 30;
        var lines = new List<TestPdf.TextLine>
        {
            new(Vendors[n % Vendors.Length], labelX, 50, 16),
            new("Invoice Number:", labelX, 100), new(string.Create(inv, $"INV-{n:D5}"), valueX, 100),
            new("Date:", labelX, 120), new(string.Create(inv, $"{1 + n % 28:D2}.{1 + n % 12:D2}.2024"), valueX, 120),
            new("Description", labelX, 170), new("Qty", 320, 170), new("Amount", 450, 170),
        };
        for (var i = 0; i < 5 + n % 10; i++)
        {
            var y = 190 + i * 16;
            lines.Add(new(string.Create(inv, $"Item {i + 1} consulting services"), labelX, y));
            lines.Add(new(string.Create(inv, $"{1 + i}"), 320, y));
            lines.Add(new(string.Create(inv, $"{(i + 1) * 12.5m + n:F2}"), 450, y));
        }
        lines.Add(new("Total:", 380, 420));
        lines.Add(new(string.Create(inv, $"{n * 7.25m + 100:F2}"), 450, 420));
        return TestPdf.Page(lines.ToArray());
    }

    /// <summary>A long PDF of dense text pages.</summary>
    public static byte[] LongPdf(int pages) => TestPdf.Pages(Enumerable.Range(1, pages).Select(p =>
        Enumerable.Range(0, 40).Select(l => new TestPdf.TextLine(
            string.Create(CultureInfo.InvariantCulture, $"Page {p} line {l}: the party of the first part agrees to the terms herein"), 40, 40 + l * 18, 10)).ToArray()));
}
