using System.Text.Json.Nodes;
using Quarry.Core.Documents;
using Quarry.Core.Extraction;
using Quarry.Core.Extraction.Registry;
using Quarry.Core.Schemas;

namespace Quarry.Core.Tests;

/// <summary>
/// Known values: a name or address some layout confirmed, found printed again on a document whose layout the registry
/// does not recognise (another scan whose heading OCR misread), give or take OCR noise.
/// </summary>
public sealed class KnownValuesTests
{
    private static readonly FieldDefinition Address = new("address", FieldType.String);
    private static readonly FieldDefinition State = new("state", FieldType.String);
    private static readonly DateTimeOffset Now = new(2024, 9, 14, 10, 0, 0, TimeSpan.Zero);

    private static readonly (string Name, string Id, string Address)[] Shops =
    [
        ("GOLDEN LOTUS TRADING", "001234567", "12, JALAN MAJU 3, TAMAN SRI, 81100 JOHOR BAHRU"),
        ("SILVER HARBOUR STORES", "009876543", "LOT 8, JALAN PANTAI 2, 10300 PENANG"),
        ("EMERALD GARDEN CAFE", "005551234", "NO 5, JALAN BUNGA RAYA, 43000 KAJANG SELANGOR"),
        ("RUBY MOUNTAIN BAKERY", "007771234", "22, LORONG BUKIT 9, 25000 KUANTAN PAHANG"),
    ];

    private static DocumentContent Doc(params string[] lines) => LinePages.Of(lines);

    private static DocumentContent Receipt(string heading, string id, string address, int n) =>
        Doc(heading, $"GST REG NO: {id}", address, $"Receipt {n}", $"Total: {n}.00");

    /// <summary>Three receipts of each shop: every second and third one tests (and confirms) the known-value search.</summary>
    private static FieldRegistry Learned()
    {
        var registry = FieldRegistry.Empty;
        for (var round = 0; round < 3; round++)
        {
            foreach (var (name, id, address) in Shops)
                registry.Learn([Address], Receipt(name, id, address, round), new Dictionary<string, JsonNode?> { ["address"] = address }, Now.AddDays(round));
        }
        return registry;
    }

    [Fact]
    public void A_known_address_printed_with_an_ocr_error_on_an_unrecognised_layout_is_filled_as_confirmed_where_it_is_printed()
    {
        var registry = Learned();
        // Another scan of the first shop: its heading and id misread, so its layout is not recognised; one letter of the address too.
        var scan = Receipt("G0LDEN L0TUS TRAD1NG", "0O1234567X", "12, JALAN MAJV 3, TAMAN SRI, 81100 JOHOR BAHRU", 7);
        var view = registry.Prepare(scan);
        Assert.Null(view.Layout);

        var cell = view.Fill(Address)!;
        Assert.Equal(Shops[0].Address, cell.Value!.GetValue<string>());
        Assert.Equal(EvidenceKinds.Registry, cell.Source!.Kind);
        Assert.Equal(90, cell.Source.Bbox.Y0); // the address line, the third line of the page
        // Measured per kind of find: eight exact finds were tested (all right, 0.9), no near one yet, so a near find is a coin toss.
        var near = registry.Rules.SingleOrDefault(r => r.Kind == RuleKinds.Known && r.Key == "near");
        Assert.Null(near);
        Assert.Equal(0.5, cell.Confidence);
        var exact = registry.Rules.Single(r => r.Kind == RuleKinds.Known && r.Key == "exact");
        Assert.Equal((8.0, 8.0), (exact.Tests, exact.Hits));
    }

    [Fact]
    public void The_extractors_reading_of_the_same_print_yields_to_the_confirmed_value_even_when_surer()
    {
        var registry = Learned();
        var scan = Receipt("G0LDEN L0TUS TRAD1NG", "0O1234567X", "12, JALAN MAJU 3, TAMAN SRI, 81100 JOHOR BAHRU.", 7);
        var view = registry.Prepare(scan);
        var line = scan.Pages[0].Lines[2];
        var generic = new Cell(JsonValue.Create("x 12, JALAN MAJU 3, TAMAN SRI, 81100 JOHOR BAHRU"), line.Text, 0.97, PhaseNames.Resolve,
            new CellSource(1, line.Box, line.Text), Evidence: new Evidence(EvidenceKinds.Layout, 0.9));

        var chosen = RegistryTransfer.Choose(view, Address, generic);
        Assert.Equal(Shops[0].Address, chosen.Value!.GetValue<string>());
        Assert.Equal(EvidenceKinds.Registry, chosen.Evidence!.Kind);

        // A reading somewhere else on the page (the receipt number's line) is another print: the surer reading stays.
        var elsewhere = scan.Pages[0].Lines[3];
        var other = generic with { Source = new CellSource(1, elsewhere.Box, elsewhere.Text) };
        Assert.Same(other, RegistryTransfer.Choose(view, Address, other));
    }

    [Fact]
    public void A_field_whose_value_is_not_the_issuers_does_not_fill_from_known_values()
    {
        // A governing state: each page prints two, and the same issuer's value changes, so the field is not constant per
        // issuer and finding a known state on the page says nothing about which one is meant.
        var registry = FieldRegistry.Empty;
        string[] states = ["New Hampshire", "North Carolina", "South Dakota"];
        for (var i = 0; i < 9; i++)
        {
            var (name, id, _) = Shops[i % 2];
            var state = states[i % 3];
            var page = Doc(name, $"GST REG NO: {id}", $"Offices in {states[(i + 1) % 3]} and {state}", $"Governed by the laws of {state}");
            registry.Learn([State], page, new Dictionary<string, JsonNode?> { ["state"] = state }, Now.AddDays(i));
        }
        var stranger = Doc("OPAL RIVER HOLDINGS", "GST REG NO: 003332221", "Offices in North Carolina and South Dakota", "Governed by the laws of South Dakota");
        Assert.Null(registry.Prepare(stranger).Fill(State));
        Assert.True(registry.Rules.Single(r => r.Kind == RuleKinds.Constancy && r.Key == "").Accuracy < FieldRegistry.MinKnownConstancy);
    }
}
