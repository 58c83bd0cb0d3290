using Quarry.Testing;

namespace Quarry.Server.Tests;

/// <summary>
/// Two suppliers' invoices for the registry tests: each layout has its own heading and registration id, and a
/// "Cust. ID" that announces nothing the schema names, so phase 1 cannot find account_ref until a person shows it.
/// </summary>
public static class SupplierInvoices
{
    public const string Schema = """
        {"name": "Invoice", "fields": [
            {"name": "invoice_number", "type": "string", "required": true},
            {"name": "vendor", "type": "string"},
            {"name": "total", "type": "currency_amount", "required": true},
            {"name": "account_ref", "type": "string"}
        ]}
        """;

    public static byte[] X(string number, string total, string customer = "CX-4711") => TestPdf.Invoice("Xylo Supplies GmbH",
        ("VAT Reg No:", "DE123456789"), ("Invoice Number:", number), ("Cust. ID:", customer), ("Total:", total));

    public static byte[] Y(string number, string total) => TestPdf.Invoice("Yarrow Trading Ltd",
        ("Company Reg:", "GB99887766"), ("Invoice Number:", number), ("Cust. ID:", "YB-0815"), ("Total:", total));
}
