using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction;

/// <summary>What a field means, read from its name, aliases and description — never from a particular document set.</summary>
public enum FieldIntent { None, Total, Subtotal, Tax, InvoiceNumber, IssueDate, DueDate, Issuer, Jurisdiction, Parties, Term, Address, EffectiveDate }

/// <summary>
/// Common knowledge about the fields of business documents: the labels that announce them in several languages,
/// the labels that look alike but announce something else ("subtotal" is not "total", "tax invoice" is not a tax),
/// and where such values sit on a page.
/// </summary>
public static class FieldSemantics
{
    private static readonly Dictionary<FieldIntent, string[]> Labels = new()
    {
        [FieldIntent.Total] =
        [
            "total", "grand total", "total amount", "amount due", "total due", "balance due", "nett total", "net total",
            "total payable", "amount payable", "amt due", "amt payable", "total incl", "total inclusive", "total to pay", "invoice total",
            "gesamtbetrag", "gesamtsumme", "endbetrag", "rechnungsbetrag", "summe", "totaal", "te betalen", "totaalbedrag",
            "montant total", "total ttc", "net à payer", "importe total", "total a pagar",
        ],
        [FieldIntent.Subtotal] =
        [
            "subtotal", "sub total", "sub-total", "total excl", "total excluding", "total before tax", "net amount", "amount excl",
            "zwischensumme", "nettobetrag", "netto", "subtotaal", "sous-total", "total ht", "montant ht", "base imponible",
            "exclusief btw", "excl btw", "exkl mwst", "ohne mwst", "hors taxes", "hors taxe", "sin iva",
        ],
        [FieldIntent.Tax] =
        [
            "tax", "vat", "gst", "sales tax", "tax amount", "vat amount", "gst amount", "mwst", "ust", "umsatzsteuer",
            "btw", "tva", "iva", "impuesto",
        ],
        [FieldIntent.InvoiceNumber] =
        [
            "invoice", "invoice number", "invoice no", "invoice #", "invoice nr", "inv no", "invoice id", "bill no", "receipt no",
            "faktura nr", "factuur",
            "document no", "rechnungsnummer", "rechnung nr", "rechnungsnr", "rechnungs-nr", "re-nr", "belegnummer", "factuurnr", "factuurnummer", "factuur nr", "numéro de facture",
            "n° de facture", "facture n°", "número de factura", "factura no",
        ],
        [FieldIntent.IssueDate] =
        [
            "date", "invoice date", "issue date", "date of issue", "dated", "datum", "rechnungsdatum", "factuurdatum",
            "date de facture", "fecha", "fecha de factura",
        ],
        [FieldIntent.DueDate] =
        [
            "due date", "payment due", "due", "pay by", "fällig", "fälligkeitsdatum", "zahlbar bis", "vervaldatum",
            "échéance", "date d'échéance", "date limite de paiement", "date limite", "à payer avant", "vencimiento",
            "fecha de vencimiento", "fecha límite de pago", "zahlungsziel", "betalen voor",
        ],
    };

    /// <summary>Label phrases that contain a field's label words but announce something else.</summary>
    private static readonly Dictionary<FieldIntent, string[]> Impostors = new()
    {
        [FieldIntent.Total] =
        [
            "subtotal", "sub total", "sub-total", "total excl", "total excluding", "total before", "total qty", "total quantity",
            "total items", "total item", "total tax", "total discount", "total savings", "total gst", "total vat",
            "total weight", "total pages", "total includes", "included in total", "in total", "total savings",
        ],
        [FieldIntent.Tax] = ["tax invoice", "tax id", "tax no", "tax reg", "gst no", "gst reg", "gst id", "vat no", "vat reg", "vat id", "tax number", "vat number", "gst summary", "incl tax", "excl tax", "including tax", "excluding tax"],
        [FieldIntent.Issuer] = ["company no", "company reg", "company registration", "company number", "company id", "company code"],
        [FieldIntent.InvoiceNumber] =
        [
            "invoice date", "invoice total", "invoice amount", "invoice address", "invoice to", "invoice period", "tax invoice",
            "factuur datum", "factuurdatum", "factuur totaal", "factuuradres",
        ],
        [FieldIntent.IssueDate] =
        [
            "due date", "payment due", "delivery date", "order date", "ship date", "date of birth", "expiry date", "date limite",
            "date d'échéance", "fecha límite", "fecha de vencimiento",
        ],
    };

    public static FieldIntent Of(FieldDefinition field)
    {
        var name = field.Name.ToLowerInvariant().Replace('_', ' ');
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        bool Has(params string[] w) => w.Any(words.Contains);
        if (name.Contains("subtotal", StringComparison.Ordinal) || (Has("sub") && Has("total")) || Has("net", "nett") && Has("amount"))
            return FieldIntent.Subtotal;
        if (field.Type.IsNumeric() && (Has("total", "grand") || name.Contains("amount due", StringComparison.Ordinal)))
            return FieldIntent.Total;
        if (field.Type.IsNumeric() && Has("tax", "vat", "gst"))
            return FieldIntent.Tax;
        if (field.Type == FieldType.String && Has("invoice", "bill", "receipt") && Has("number", "no", "id", "nr"))
            return FieldIntent.InvoiceNumber;
        if (field.Type is FieldType.Date or FieldType.DateTime)
            return Has("due", "payment") ? FieldIntent.DueDate
                : words is ["date"] || Has("invoice", "issue", "issued", "billing") ? FieldIntent.IssueDate
                : Has("effective", "commencement") ? FieldIntent.EffectiveDate
                : FieldIntent.None;
        var description = (field.Description ?? "").ToLowerInvariant();
        if (field.Type == FieldType.Duration && (Has("term", "duration", "period", "length") || description.Contains("how long", StringComparison.Ordinal)))
            return FieldIntent.Term;
        if (field.Type == FieldType.Array && field.Items?.ScalarType == FieldType.String && Has("party", "parties", "signatories", "counterparties"))
            return FieldIntent.Parties;
        if (field.Type == FieldType.String && (Has("jurisdiction") || name.Contains("governing law", StringComparison.Ordinal)
            || description.Contains("law governs", StringComparison.Ordinal) || description.Contains("governing law", StringComparison.Ordinal)))
            return FieldIntent.Jurisdiction;
        if (field.Type == FieldType.String && Has("address", "adres", "adresse", "anschrift", "direccion", "dirección", "indirizzo"))
            return FieldIntent.Address;
        if (field.Type == FieldType.String && Has("company", "vendor", "supplier", "merchant", "seller", "issuer", "store", "shop", "business"))
            return FieldIntent.Issuer;
        return FieldIntent.None;
    }

    public static IReadOnlyList<string> LabelsFor(FieldIntent intent) => Labels.TryGetValue(intent, out var l) ? l : [];

    public static IReadOnlyList<string> ImpostorsFor(FieldIntent intent) => Impostors.TryGetValue(intent, out var l) ? l : [];

    /// <summary>Totals close a document: among equally good candidates, the one lowest on the page wins.</summary>
    public static bool PrefersLowest(FieldIntent intent) => intent is FieldIntent.Total or FieldIntent.Subtotal or FieldIntent.Tax;
}
