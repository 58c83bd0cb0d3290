using System.Globalization;
using Quarry.Testing;

namespace Quarry.Bench;

/// <summary>
/// One-page invoice PDFs in four layouts, deterministic by number: the ingest benchmark's label-left invoice
/// (positions and line counts vary), labels above their values, a right-hand header block, and a compact
/// "Invoice # … dated …" line. Each carries a number, a date, a vendor and a total, so every row has work to do.
/// </summary>
public static class InvoiceLayouts
{
    private static readonly string[] Vendors = ["Acme Corp", "Globex GmbH", "Initech BV", "Umbrella SA", "Stark Industries Ltd"];
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static byte[] Pdf(int n) => (n % 4) switch
    {
        0 => BenchFiles.InvoicePdf(n),
        1 => LabelsAbove(n),
        2 => RightBlock(n),
        _ => Compact(n),
    };

    private static string Number(int n) => string.Create(Inv, $"INV-{n:D5}");
    private static string Date(int n) => string.Create(Inv, $"2024-{1 + n % 12:D2}-{1 + n % 28:D2}");
    private static string Total(int n) => string.Create(Inv, $"{n * 7.25m + 100:F2}");

    private static List<TestPdf.TextLine> Items(int n, int top)
    {
        var lines = new List<TestPdf.TextLine> { new("Description", 50, top), new("Amount", 450, top) };
        for (var i = 0; i < 3 + n % 7; i++)
        {
            lines.Add(new(string.Create(Inv, $"Service line {i + 1}"), 50, top + 18 + i * 16));
            lines.Add(new(string.Create(Inv, $"{(i + 1) * 9.5m + n % 100:F2}"), 450, top + 18 + i * 16));
        }
        return lines;
    }

    private static byte[] LabelsAbove(int n)
    {
        var lines = new List<TestPdf.TextLine>
        {
            new(Vendors[(n + 1) % Vendors.Length], 50, 50, 18),
            new("Invoice Number", 50, 100, 9), new(Number(n), 50, 114),
            new("Invoice Date", 220, 100, 9), new(Date(n), 220, 114),
        };
        lines.AddRange(Items(n, 170));
        lines.Add(new("Total Due", 380, 440));
        lines.Add(new(string.Create(Inv, $"EUR {Total(n)}"), 450, 440));
        return TestPdf.Page(lines.ToArray());
    }

    private static byte[] RightBlock(int n)
    {
        var lines = new List<TestPdf.TextLine>
        {
            new("INVOICE", 50, 50, 22), new(Vendors[(n + 2) % Vendors.Length], 50, 80),
            new("Invoice No:", 360, 60), new(Number(n), 450, 60),
            new("Date:", 360, 78), new(Date(n), 450, 78),
        };
        lines.AddRange(Items(n, 150));
        lines.Add(new("Total:", 380, 420));
        lines.Add(new(Total(n), 450, 420));
        return TestPdf.Page(lines.ToArray());
    }

    private static byte[] Compact(int n)
    {
        var lines = new List<TestPdf.TextLine>
        {
            new(Vendors[(n + 3) % Vendors.Length], 60, 60, 14),
            new(string.Create(Inv, $"Invoice #: {Number(n)}"), 60, 90),
            new(string.Create(Inv, $"Date: {Date(n)}"), 60, 106),
        };
        lines.AddRange(Items(n, 140));
        lines.Add(new(string.Create(Inv, $"Total: USD {Total(n)}"), 350, 400));
        return TestPdf.Page(lines.ToArray());
    }
}
