using Quarry.Testing;

namespace Quarry.Server.Tests;

/// <summary>The invoices of the seed example, as real PDFs with a text layer.</summary>
public static class TestInvoices
{
    public static byte[] October() => TestPdf.Invoice("Acme Corp",
        ("Invoice Number:", "INV-2024-001"), ("Vendor:", "Acme Corp"), ("Date:", "2024-10-01"), ("Total:", "4,250.00"));

    /// <summary>No total anywhere: the row must be flagged missing_required_field:total.</summary>
    public static byte[] November() => TestPdf.Invoice("Acme Corp",
        ("Invoice Number:", "INV-2024-002"), ("Vendor:", "Acme Corp"), ("Date:", "15.11.2024"));

    public static byte[] Numbered(int n) => TestPdf.Invoice("Acme Corp",
        ("Invoice Number:", $"INV-{n:D4}"), ("Vendor:", "Acme Corp"), ("Date:", "2024-10-01"), ("Total:", $"{n}.50"));
}
