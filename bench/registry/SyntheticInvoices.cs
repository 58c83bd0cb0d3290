using System.Globalization;
using System.Text.Json.Nodes;
using Quarry.Core.Documents;
using Quarry.Core.Schemas;

namespace Quarry.Bench.Registry;

/// <summary>
/// Labelled one-page invoices built in memory (no PDF, no OCR: the benchmark measures the registry, not reading), from
/// many issuers that differ the way real ones do: name, registration id and its label, the wording of every label, the
/// order and position of the lines, and a customer reference that is constant per issuer and that no generic label
/// announces. Deterministic: issuer i and document j always give the same page.
/// </summary>
public static class SyntheticInvoices
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly string[] Syllables = ["ka", "lo", "ven", "tra", "mi", "sol", "dor", "pe", "ri", "zan", "qu", "bel", "nor", "ax", "tel", "mun"];
    private static readonly string[] Suffixes = ["TRADING", "SDN BHD", "GMBH", "LTD", "SUPPLIES", "ENTERPRISE", "HOLDINGS", "& CO"];
    private static readonly string[] IdLabels = ["GST REG NO:", "VAT No:", "Company Reg:", "Tax ID:", "Co. Reg. No:"];
    private static readonly string[] NumberLabels = ["Invoice No:", "Bill #:", "Receipt No:", "Doc No:", "Invoice Number:"];
    private static readonly string[] DateLabels = ["Date:", "Invoice date:", "Issued:", "Dated:"];
    private static readonly string[] TotalLabels = ["Total:", "Amount due:", "Grand total:", "Net total:", "Total payable:"];
    private static readonly string[] RefLabels = ["Cust ref:", "Account:", "Customer No:", "Client code:", "Our ref:", "Member:"];

    public static readonly IReadOnlyList<FieldDefinition> Fields =
    [
        new("vendor", FieldType.String), new("invoice_number", FieldType.String, Required: true), new("date", FieldType.Date, Required: true),
        new("total", FieldType.CurrencyAmount, Required: true), new("customer_ref", FieldType.String),
    ];

    public sealed record Example(DocumentContent Content, IReadOnlyDictionary<string, JsonNode?> Known);

    public static Example Build(int issuer, int doc)
    {
        var r = new Random(issuer * 7919 + 17);
        string Word() => string.Concat(Enumerable.Range(0, 2 + r.Next(2)).Select(_ => Syllables[r.Next(Syllables.Length)])).ToUpperInvariant();
        var vendor = $"{Word()} {Word()} {Suffixes[r.Next(Suffixes.Length)]}";
        var taxId = string.Create(Inv, $"{100000000 + issuer * 37 % 900000000:D9}{r.Next(100):D2}");
        var labels = (Id: Pick(r, IdLabels), Number: Pick(r, NumberLabels), Date: Pick(r, DateLabels), Total: Pick(r, TotalLabels), Ref: Pick(r, RefLabels));
        var customer = string.Create(Inv, $"{(char)('A' + r.Next(26))}{(char)('A' + r.Next(26))}-{r.Next(1000, 99999)}");
        var left = 40 + r.Next(60);
        var valueX = left + 120 + r.Next(200);
        var headerOrder = Enumerable.Range(0, 4).OrderBy(_ => r.Next()).ToArray();

        var d = new Random(issuer * 104729 + doc);
        var number = string.Create(Inv, $"{(char)('A' + issuer % 26)}{d.Next(10000, 999999)}");
        var date = new DateOnly(2024, 1, 1).AddDays(d.Next(366));
        var total = Math.Round((decimal)d.NextDouble() * 900 + 10, 2);
        var lines = new List<(string Text, double X, double Y)>
        {
            (vendor, left, 40),
            (string.Create(Inv, $"{d.Next(1, 200)} JALAN {Word()} {d.Next(10000, 99999)}"), left, 58),
            ($"{labels.Id} {taxId}", left, 76),
        };
        var header = new (string Label, string Value)[]
        {
            (labels.Number, number), (labels.Date, date.ToString("dd/MM/yyyy", Inv)), (labels.Ref, customer), ("Cashier:", Word()),
        };
        var y = 110.0;
        foreach (var i in headerOrder)
        {
            lines.Add((header[i].Label + " " + header[i].Value, left, y));
            y += 18;
        }
        y += 10;
        for (var i = 0; i < 2 + d.Next(6); i++, y += 16)
            lines.Add((string.Create(Inv, $"{Word()} {Word()} x{d.Next(1, 9)} {d.Next(1, 300)}.{d.Next(100):D2}"), left, y));
        lines.Add(($"{labels.Total} {total.ToString("F2", Inv)}", valueX - 60, y + 20));
        lines.Add(("THANK YOU", left, y + 50));

        var page = new Page(1, 600, 800, 0, lines.Select(l => Line(l.Text, l.X, l.Y)).ToList());
        var content = new DocumentContent([page], [], string.Join('\n', lines.Select(l => l.Text)));
        var known = new Dictionary<string, JsonNode?>
        {
            ["vendor"] = vendor, ["invoice_number"] = number, ["date"] = date.ToString("yyyy-MM-dd", Inv), ["total"] = total, ["customer_ref"] = customer,
        };
        return new Example(content, known);
    }

    private static string Pick(Random r, string[] options) => options[r.Next(options.Length)];

    private static Line Line(string text, double x, double y)
    {
        var words = new List<Word>();
        foreach (var w in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            words.Add(new Word(w, new Box(x, y, x + w.Length * 6, y + 12)));
            x += w.Length * 6 + 5;
        }
        return new Line(words);
    }
}
