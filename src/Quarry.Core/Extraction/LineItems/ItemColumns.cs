using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction.LineItems;

/// <summary>What a column of a line-item table holds, read from the item field's name.</summary>
public enum ItemColumn { Other, Description, Code, Quantity, Unit, UnitPrice, TaxRate, Amount }

/// <summary>
/// Common knowledge about the columns of item tables: the headings that announce each kind of column in several
/// languages, and which kind an item field of a schema is. A schema's own aliases are headings too.
/// </summary>
public static class ItemColumns
{
    private static readonly Dictionary<ItemColumn, string[]> Headings = new()
    {
        // Words that only ever mean a description come first: "Artikel" or "Item" may head a column of codes when an
        // "Omschrijving" or "Description" column stands beside it.
        [ItemColumn.Description] =
        [
            "description", "desc", "item description", "designation", "désignation", "libellé", "bezeichnung", "beschreibung",
            "omschrijving", "descripción", "concepto", "descrizione", "particulars", "details", "item", "items", "article",
            "product", "products", "service", "services", "artikel", "leistung", "producto",
        ],
        [ItemColumn.Code] =
        [
            "code", "sku", "item no", "item #", "item code", "art no", "art.-nr", "art-nr", "artikelnummer", "artikelnr",
            "part no", "part number", "ref", "reference", "référence", "réf", "referencia", "product code",
        ],
        [ItemColumn.Quantity] =
        [
            "qty", "quantity", "qté", "quantité", "menge", "anzahl", "aantal", "hoeveelheid", "nombre", "nb", "cantidad", "cant", "units", "hours", "hrs",
            "pcs", "stk", "quantità",
        ],
        [ItemColumn.Unit] = ["unit", "uom", "einheit", "unité", "eenheid", "unidad"],
        [ItemColumn.UnitPrice] =
        [
            "unit price", "price", "rate", "unit cost", "price per unit", "u/price", "einzelpreis", "stückpreis", "preis",
            "prix unitaire", "prix", "p.u", "pu ht", "prijs", "stukprijs", "eenheidsprijs", "precio", "precio unitario",
            "prezzo",
        ],
        [ItemColumn.TaxRate] = ["vat %", "tax %", "vat rate", "tax rate", "mwst", "ust", "tva", "btw", "iva", "gst %"],
        [ItemColumn.Amount] =
        [
            "amount", "amt", "total", "line total", "net amount", "amount net", "sum", "betrag", "gesamt", "gesamtpreis", "summe",
            "montant", "montant ht", "total ht", "bedrag", "totaal", "importe", "total line", "ext price", "extended",
            "importo",
        ],
    };

    /// <summary>The kind of column an item field is, from the words of its name (then its aliases).</summary>
    public static ItemColumn Of(FieldDefinition field)
    {
        foreach (var phrase in new[] { field.Name.Replace('_', ' ') }.Concat(field.AliasList))
        {
            var kind = OfWords(FieldLabels.Tokens(phrase));
            if (kind != ItemColumn.Other)
                return kind;
        }
        return ItemColumn.Other;
    }

    private static ItemColumn OfWords(string[] w)
    {
        bool Has(params string[] any) => any.Any(w.Contains);
        if (Has("price", "rate", "cost") || (Has("unit") && Has("amount")))
            return ItemColumn.UnitPrice;
        if (Has("qty", "quantity", "count", "hours", "units"))
            return ItemColumn.Quantity;
        if (Has("tax", "vat", "gst") && Has("rate", "percent", "%"))
            return ItemColumn.TaxRate;
        if (Has("amount", "total", "sum", "net", "subtotal"))
            return ItemColumn.Amount;
        if (Has("code", "sku", "ref", "reference", "number", "no"))
            return ItemColumn.Code;
        if (Has("unit", "uom"))
            return ItemColumn.Unit;
        if (Has("description", "desc", "item", "product", "service", "name", "article", "label", "details"))
            return ItemColumn.Description;
        return ItemColumn.Other;
    }

    /// <summary>The headings that announce an item field's column, surest first: its name, its aliases, and the common headings of its kind.</summary>
    public static IReadOnlyList<string[]> HeadingsFor(FieldDefinition field)
    {
        var phrases = new List<string[]> { FieldLabels.Tokens(field.Name.Replace('_', ' ')) };
        phrases.AddRange(field.AliasList.Select(FieldLabels.Tokens));
        if (Headings.TryGetValue(Of(field), out var common))
            phrases.AddRange(common.Select(FieldLabels.Tokens));
        return phrases.Where(p => p.Length > 0).DistinctBy(p => string.Join(' ', p)).ToList();
    }

    /// <summary>True when an item field holds numbers: by its type, or by the kind of column its name says.</summary>
    public static bool HoldsNumbers(FieldDefinition field) => field.Type.IsNumeric() || IsNumeric(Of(field));

    private static bool IsNumeric(ItemColumn kind) => kind is ItemColumn.Quantity or ItemColumn.UnitPrice or ItemColumn.Amount or ItemColumn.TaxRate;
}
