#!/usr/bin/env dotnet
// Writes the sample PDFs under samples/documents (the .txt samples are written by hand).
// Run from the repository root: dotnet run samples/make-documents.cs
#:package PdfPig
#:property PublishAot=false
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

var root = Path.Combine(Directory.GetCurrentDirectory(), "samples", "documents");
if (!Directory.Exists(root))
{
    Console.Error.WriteLine("Run this from the repository root.");
    return 2;
}

Write("invoices/acme-2024-0117.pdf",
[
    L("ACME Industrial Supplies Ltd", 50, 60, 18, bold: true),
    L("12 Harbour Road, Bristol BS1 4QA, United Kingdom", 50, 80, 9),
    L("INVOICE", 460, 36, 16, bold: true),
    L("Invoice Number:", 330, 110), L("INV-2024-0117", 440, 110),
    L("Invoice Date:", 330, 126), L("2024-10-01", 440, 126),
    L("Due Date:", 330, 142), L("2024-10-31", 440, 142),
    L("Currency:", 330, 158), L("GBP", 440, 158),
    L("Bill to:", 50, 110, bold: true), L("Bluebird Logistics GmbH", 50, 126), L("Hafenstrasse 8, 20457 Hamburg", 50, 142),
    L("Description", 50, 210, bold: true), L("Quantity", 300, 210, bold: true), L("Unit Price", 380, 210, bold: true), L("Amount", 480, 210, bold: true),
    L("Steel bolts M8 (box of 100)", 50, 230), L("12", 300, 230), L("18.50", 380, 230), L("222.00", 480, 230),
    L("Safety gloves, size L", 50, 248), L("40", 300, 248), L("4.25", 380, 248), L("170.00", 480, 248),
    L("Pallet wrap 500 mm", 50, 266), L("6", 300, 266), L("21.90", 380, 266), L("131.40", 480, 266),
    L("Subtotal:", 380, 310), L("523.40", 480, 310),
    L("VAT 20%:", 380, 328), L("104.68", 480, 328),
    L("Total:", 380, 346, bold: true), L("628.08", 480, 346, bold: true),
    L("Please pay to IBAN GB33BUKB20201555555555 within 30 days.", 50, 400, 9),
    L("Thank you for your business.", 50, 416, 9),
]);

Write("purchase-orders/po-4471.pdf",
[
    L("Bluebird Logistics GmbH", 50, 60, 18, bold: true),
    L("PURCHASE ORDER", 390, 36, 16, bold: true),
    L("PO Number:", 50, 110), L("PO-4471", 160, 110),
    L("Order Date:", 50, 126), L("2024-09-12", 160, 126),
    L("Delivery Date:", 50, 142), L("2024-09-30", 160, 142),
    L("Supplier:", 50, 170), L("ACME Industrial Supplies Ltd", 160, 170),
    L("Buyer:", 50, 186), L("Bluebird Logistics GmbH", 160, 186),
    L("SKU", 50, 220, bold: true), L("Description", 120, 220, bold: true), L("Qty", 330, 220, bold: true), L("Unit Price", 390, 220, bold: true), L("Amount", 480, 220, bold: true),
    L("BLT-M8", 50, 240), L("Steel bolts M8 (box of 100)", 120, 240), L("12", 330, 240), L("18.50", 390, 240), L("222.00", 480, 240),
    L("GLV-L", 50, 258), L("Safety gloves, size L", 120, 258), L("40", 330, 258), L("4.25", 390, 258), L("170.00", 480, 258),
    L("Total:", 390, 300, bold: true), L("EUR 392.00", 470, 300, bold: true),
    L("Deliver to: Hafenstrasse 8, 20457 Hamburg. Quote the PO number on every invoice.", 50, 350, 9),
]);
Console.WriteLine("Wrote the sample PDFs under samples/documents.");
return 0;

static Line L(string text, double x, double y, double size = 11, bool bold = false) => new(text, x, y, size, bold);

void Write(string name, Line[] lines)
{
    var builder = new PdfDocumentBuilder();
    var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
    var heavy = builder.AddStandard14Font(Standard14Font.HelveticaBold);
    var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
    foreach (var l in lines)
        page.AddText(l.Text, l.Size, new PdfPoint(l.X, page.PageSize.Height - l.Y), l.Bold ? heavy : regular);
    File.WriteAllBytes(Path.Combine(root, name), builder.Build());
}

record Line(string Text, double X, double Y, double Size, bool Bold);
