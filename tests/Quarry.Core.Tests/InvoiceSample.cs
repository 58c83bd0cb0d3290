using System.Globalization;
using System.Text;
using static Quarry.Core.Tests.TestOffice;

namespace Quarry.Core.Tests;

/// <summary>
/// One invoice in every format a reader handles (DOCX, XLSX, XLS, CSV, HTML, JSON, XML): "Invoice Number: INV-2024-001", "Date: 2024-10-01",
/// two line items (A-1 Widget 2 1,000.00; B-2 Gadget 1 3,250.00) and "Total: 4,250.00".
/// </summary>
internal static class InvoiceSample
{
    public static byte[] Docx() => TestOffice.Docx(
        Paragraph("Invoice", "Title"),
        Paragraph("Invoice Number: INV-2024-001"),
        Paragraph("Date: 2024-10-01"),
        Table(["SKU", "Description", "Qty", "Amount"], ["A-1", "Widget", "2", "1,000.00"], ["B-2", "Gadget", "1", "3,250.00"]),
        Paragraph("Total:\t4,250.00"));

    public static byte[] Xlsx()
    {
        var date = new DateTime(2024, 10, 1).ToOADate().ToString(CultureInfo.InvariantCulture);
        return TestOffice.Xlsx(("Invoice",
        [
            Row(1, Shared("A1", "Invoice Number"), Inline("B1", "INV-2024-001")),
            Row(2, Shared("A2", "Date"), Number("B2", date, IsoDate)),
            Row(4, Shared("A4", "SKU"), Shared("B4", "Description"), Shared("C4", "Qty"), Shared("D4", "Amount")),
            Row(5, Inline("A5", "A-1"), Shared("B5", "Widget"), Number("C5", "2"), Number("D5", "1000", Money)),
            Row(6, Inline("A6", "B-2"), Shared("B6", "Gadget"), Number("C6", "1"), Number("D6", "3250", Money)),
            Row(7, Shared("A7", "Total"), Number("D7", "4250", Money)),
        ]));
    }

    public static byte[] Xls() => TestXls.Workbook("Invoice",
        new TestXls.Label(0, 0, "Invoice Number"), new TestXls.Label(0, 1, "INV-2024-001"),
        new TestXls.Label(1, 0, "Date"), new TestXls.Num(1, 1, new DateTime(2024, 10, 1).ToOADate(), Format: 14),
        new TestXls.Label(3, 0, "SKU"), new TestXls.Label(3, 1, "Description"), new TestXls.Label(3, 2, "Qty"), new TestXls.Label(3, 3, "Amount"),
        new TestXls.Label(4, 0, "A-1"), new TestXls.Label(4, 1, "Widget"), new TestXls.Num(4, 2, 2), new TestXls.Num(4, 3, 1000, Format: 4),
        new TestXls.Label(5, 0, "B-2"), new TestXls.Label(5, 1, "Gadget"), new TestXls.Num(5, 2, 1), new TestXls.Num(5, 3, 3250, Format: 4),
        new TestXls.Label(6, 0, "Total"), new TestXls.Num(6, 3, 4250, Format: 4));

    public const string Csv =
        "Invoice Number,INV-2024-001\r\n" +
        "Date,2024-10-01\r\n" +
        "SKU,Description,Qty,Amount\r\n" +
        "A-1,Widget,2,\"1,000.00\"\r\n" +
        "B-2,Gadget,1,\"3,250.00\"\r\n" +
        "Total,,,\"4,250.00\"\r\n";

    public const string Html = """
        <!DOCTYPE html>
        <html><head><title>Invoice INV-X</title><style>p { color: red }</style>
        <script>var secret = "SCRIPT-TEXT";</script></head>
        <body>
          <h1>Invoice</h1>
          <p><b>Invoice Number:</b> INV-2024-001</p>
          <div>Date: 2024-10-01</div>
          <table>
            <thead><tr><th>SKU</th><th>Description</th><th>Qty</th><th>Amount</th></tr></thead>
            <tbody>
              <tr><td>A-1</td><td>Widget</td><td>2</td><td>1,000.00</td></tr>
              <tr><td>B-2</td><td>Gadget</td><td>1</td><td>3,250.00</td></tr>
            </tbody>
          </table>
          <p>Total: <span>4,250.00</span></p>
          <script>document.write("SCRIPT-TEXT")</script>
        </body></html>
        """;

    public const string Json = """
        {
          "Invoice Number": "INV-2024-001",
          "Date": "2024-10-01",
          "items": [
            { "SKU": "A-1", "Description": "Widget", "Qty": 2, "Amount": "1,000.00" },
            { "SKU": "B-2", "Description": "Gadget", "Qty": 1, "Amount": "3,250.00" }
          ],
          "Total": "4,250.00"
        }
        """;

    public const string Xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <Invoice currency="EUR">
          <Number>INV-2024-001</Number>
          <Date>2024-10-01</Date>
          <Items>
            <Item><SKU>A-1</SKU><Description>Widget</Description><Qty>2</Qty><Amount>1,000.00</Amount></Item>
            <Item><SKU>B-2</SKU><Description>Gadget</Description><Qty>1</Qty><Amount>3,250.00</Amount></Item>
          </Items>
          <Total>4,250.00</Total>
        </Invoice>
        """;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
