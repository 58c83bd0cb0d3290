using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Quarry.Core.Extraction;
using Quarry.Core.Extraction.Agent;
using Quarry.Core.Schemas;

namespace Quarry.Core.Tests;

public sealed class FieldAgentTests
{
    private static readonly FieldDefinition Total = new("total", FieldType.CurrencyAmount);
    private static readonly FieldDefinition Reason = new("reason", FieldType.String, Description: "Why payment is withheld");
    private static readonly FieldDefinition Law = new("law", FieldType.String);

    private static readonly Documents.DocumentContent Invoice = AgentText.Doc(
        "ACME Supplies Ltd", "Subtotal: 125.00", "Total: 1,250.00 EUR", "Notes: payment is withheld because the pallets arrived damaged.");

    /// <summary>The model's side of the boundary: answers scripted per call, every call's messages and options kept.</summary>
    private sealed class ScriptedChat(params Func<int, ChatResponse>[] answers) : IChatClient
    {
        public List<(List<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls.Add((messages.ToList(), options));
            return Task.FromResult(answers[Math.Min(Calls.Count - 1, answers.Length - 1)](Calls.Count - 1));
        }

        public IReadOnlyList<string> FieldsAsked(int call)
        {
            var schema = JsonNode.Parse(((ChatResponseFormatJson)Calls[call].Options!.ResponseFormat!).Schema!.Value.GetRawText())!;
            return schema["properties"]!["fields"]!["properties"]!.AsObject().Select(p => p.Key).ToList();
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class Ledger(int calls) : IAgentLedger
    {
        public int Reserved { get; private set; }
        public long Outstanding { get; private set; }
        public List<AgentUsage> Settled { get; } = [];

        public Task<bool> TryReserveAsync(long tokens, CancellationToken ct)
        {
            if (Reserved >= calls)
                return Task.FromResult(false);
            Reserved++;
            Outstanding += tokens;
            return Task.FromResult(true);
        }

        public Task SettleAsync(long reservedTokens, AgentUsage used, CancellationToken ct)
        {
            Outstanding -= reservedTokens;
            Settled.Add(used);
            return Task.CompletedTask;
        }
    }

    private static ChatResponse Answer(params (string Field, JsonNode? Value, string? Quote)[] answers)
    {
        var fields = new JsonObject();
        foreach (var (f, v, q) in answers)
            fields[f] = new JsonObject { ["value"] = v, ["quote"] = q };
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, new JsonObject { ["fields"] = fields }.ToJsonString()))
        {
            Usage = new UsageDetails { InputTokenCount = 200, OutputTokenCount = 25 },
        };
    }

    private static RowWork Row(Documents.DocumentContent content, FieldDefinition[] fields, Ledger? ledger = null, params (string Field, Cell Cell)[] cells)
    {
        var row = new RowWork(fields, content, 0.8) { AgentLedger = ledger };
        foreach (var (f, c) in cells)
            row.Cells[f] = c;
        return row;
    }

    private static Cell PhaseOne(string value, double confidence) => new(value, value, confidence, PhaseNames.Resolve, null, Evidence: new Evidence(EvidenceKinds.Label, confidence));

    private static Task<PhaseOutcome> Run(IChatClient chat, RowWork row, AgentSettings? settings = null) =>
        new AgentPhase(new FieldAgent(chat, settings ?? new AgentSettings())).RunAsync(row, CancellationToken.None);

    [Fact]
    public async Task Only_fields_that_are_empty_or_below_the_threshold_are_asked_and_a_person_s_cells_never()
    {
        var chat = new ScriptedChat(_ => Answer(("reason", "the pallets arrived damaged", "because the pallets arrived damaged")));
        var human = new Cell("Kept by a person", "Kept by a person", 1.0, PhaseNames.Human, null);
        var row = Row(Invoice, [Total, Reason, Law], null, ("total", PhaseOne("1,250.00", 0.95)), ("law", human));

        Assert.Equal(PhaseOutcome.Completed, await Run(chat, row));

        Assert.Equal(["reason"], chat.FieldsAsked(0));
        var cell = row.Cells["reason"];
        Assert.Equal("the pallets arrived damaged", cell.Value!.GetValue<string>());
        Assert.Equal(PhaseNames.Agent, cell.Phase);
        Assert.Equal(EvidenceKinds.Agent, cell.Source!.Kind);
        Assert.Equal(EvidenceKinds.Agent, cell.Evidence!.Kind);
        Assert.Equal(1, cell.Source.Page);
        Assert.Equal(Invoice.Pages[0].Lines[3].Box.Y0, cell.Source.Bbox.Y0);
        Assert.Equal("because the pallets arrived damaged", cell.Raw);
        Assert.Same(human, row.Cells["law"]);
        Assert.Empty(row.Flags);
    }

    [Fact]
    public async Task With_nothing_missing_no_call_is_made()
    {
        var chat = new ScriptedChat(_ => throw new InvalidOperationException("must not be called"));
        var row = Row(Invoice, [Total], null, ("total", PhaseOne("1,250.00", 0.95)));
        Assert.Equal(PhaseOutcome.Skipped, await Run(chat, row));
        Assert.Empty(chat.Calls);
    }

    [Fact]
    public async Task A_grounded_value_that_disagrees_with_a_strong_phase_1_value_is_flagged_and_phase_1_stays()
    {
        var chat = new ScriptedChat(_ => Answer(("total", 125, "Subtotal: 125.00")));
        var strong = PhaseOne("1,250.00", 0.7);
        var row = Row(Invoice, [Total], null, ("total", strong));

        await Run(chat, row);

        Assert.Same(strong, row.Cells["total"]);
        Assert.Equal(["agent_disagreement:total"], row.Flags);
    }

    [Fact]
    public async Task A_weak_phase_1_value_gives_way_to_a_grounded_answer()
    {
        var chat = new ScriptedChat(_ => Answer(("total", 1250, "Total: 1,250.00 EUR")));
        var row = Row(Invoice, [Total], null, ("total", PhaseOne("125.00", 0.3)));

        await Run(chat, row);

        Assert.Equal(1250, row.Cells["total"].Value!.GetValue<int>());
        Assert.Equal(PhaseNames.Agent, row.Cells["total"].Phase);
        Assert.Empty(row.Flags);
    }

    [Fact]
    public async Task Agreement_with_phase_1_raises_the_confidence_above_either_alone()
    {
        var alone = Row(Invoice, [Total]);
        await Run(new ScriptedChat(_ => Answer(("total", 1250, "Total: 1,250.00 EUR"))), alone);
        var agreeing = Row(Invoice, [Total], null, ("total", PhaseOne("1,250.00", 0.7)));
        await Run(new ScriptedChat(_ => Answer(("total", 1250, "Total: 1,250.00 EUR"))), agreeing);

        Assert.True(agreeing.Cells["total"].Confidence > alone.Cells["total"].Confidence);
        Assert.True(agreeing.Cells["total"].Confidence > 0.7);
        Assert.Empty(agreeing.Flags);
    }

    [Fact]
    public async Task A_quote_not_in_the_document_is_rejected_and_flagged_and_a_null_value_is_no_flag()
    {
        var chat = new ScriptedChat(_ => Answer(("reason", "never ordered", "the goods were never ordered"), ("law", null, null), ("total", 99, null)));
        var row = Row(Invoice, [Total, Reason, Law]);

        await Run(chat, row);

        Assert.False(row.CellOf("reason").IsFilled);
        Assert.False(row.CellOf("total").IsFilled);
        Assert.Equal(["ungrounded_value:total", "ungrounded_value:reason"], row.Flags);
    }

    [Fact]
    public async Task A_long_document_is_sent_in_windows_and_later_windows_ask_only_what_is_still_missing()
    {
        var filler = Enumerable.Range(1, 12).Select(i => $"clause {i} of the agreement text that says nothing").ToArray();
        var doc = AgentText.Pages([.. filler, "Reason: the pallets arrived damaged."], [.. filler, "Governing law: the laws of Ontario."]);
        var chat = new ScriptedChat(
            _ => Answer(("reason", "the pallets arrived damaged", "the pallets arrived damaged"), ("law", "Ontario", "the laws of Ontario")),
            _ => Answer(("law", "Ontario", "the laws of Ontario")));
        var row = Row(doc, [Reason, Law]);

        await Run(chat, row, new AgentSettings { WindowChars = 1000 });

        Assert.Equal(2, chat.Calls.Count);
        Assert.Equal(["reason", "law"], chat.FieldsAsked(0));
        Assert.Equal(["law"], chat.FieldsAsked(1));
        // The first window is page 1: its "Ontario" quote was not on the pages the model saw, so it was not taken there.
        Assert.Equal(1, row.Cells["reason"].Source!.Page);
        Assert.Equal(2, row.Cells["law"].Source!.Page);
        Assert.Empty(row.Flags);
    }

    [Fact]
    public async Task A_spent_budget_makes_no_call_and_says_so()
    {
        var chat = new ScriptedChat(_ => throw new InvalidOperationException("must not be called"));
        var row = Row(Invoice, [Reason], new Ledger(0));

        Assert.Equal(PhaseOutcome.Skipped, await Run(chat, row));

        Assert.Empty(chat.Calls);
        Assert.Equal(["agent_budget_exhausted"], row.Flags);
    }

    [Fact]
    public async Task Every_reservation_is_settled_with_the_tokens_the_provider_reported()
    {
        var ledger = new Ledger(5);
        var row = Row(Invoice, [Reason], ledger);
        await Run(new ScriptedChat(_ => Answer(("reason", "damaged", "the pallets arrived damaged"))), row);

        Assert.Equal(1, ledger.Reserved);
        Assert.Equal(0, ledger.Outstanding);
        Assert.Equal([new AgentUsage(200, 25)], ledger.Settled);
    }

    [Fact]
    public async Task A_provider_failure_fails_the_phase_keeps_phase_1_and_releases_the_reservation()
    {
        var ledger = new Ledger(5);
        var phaseOne = PhaseOne("125.00", 0.3);
        var row = Row(Invoice, [Total], ledger, ("total", phaseOne));

        Assert.Equal(PhaseOutcome.Failed, await Run(new ScriptedChat(_ => throw new HttpRequestException("503 after retries")), row));

        Assert.Same(phaseOne, row.Cells["total"]);
        Assert.Equal(["agent_unavailable"], row.Flags);
        Assert.Equal(0, ledger.Outstanding);
        Assert.Equal([new AgentUsage(0, 0)], ledger.Settled);
    }

    [Fact]
    public async Task A_malformed_answer_fails_the_phase_and_counts_its_tokens()
    {
        var ledger = new Ledger(5);
        var row = Row(Invoice, [Reason], ledger);
        var chat = new ScriptedChat(_ => new ChatResponse(new ChatMessage(ChatRole.Assistant, "I think the pallets were damaged.")));

        Assert.Equal(PhaseOutcome.Failed, await Run(chat, row));

        Assert.Equal(["agent_invalid_answer"], row.Flags);
        // No usage reported: the estimate stands in, so the budget still binds.
        Assert.True(ledger.Settled.Single().InputTokens > 0);
    }

    [Fact]
    public async Task Running_the_phase_twice_leaves_the_same_row()
    {
        var row = Row(Invoice, [Reason, Law]);
        var chat = new ScriptedChat(_ => Answer(("reason", "x", "not in the document at all"), ("law", null, null)));
        await Run(chat, row);
        await Run(chat, row);
        Assert.Equal(["ungrounded_value:reason"], row.Flags);
    }

    [Fact]
    public void Phase_4_keeps_agent_flags_until_a_person_sets_the_field_and_keeps_an_agent_cell_s_confidence()
    {
        var agentCell = new Cell("damaged", "damaged", 0.83, PhaseNames.Agent, null, Evidence: new Evidence(EvidenceKinds.Agent, 0.83));
        var row = Row(Invoice, [Reason, Law, Total], null, ("reason", agentCell));
        row.Flags.AddRange(["agent_unavailable", "ungrounded_value:law", "agent_disagreement:total"]);

        RowValidator.Validate(row);

        Assert.Equal(0.83, row.Cells["reason"].Confidence);
        Assert.Contains("agent_unavailable", row.Flags);
        Assert.Contains("ungrounded_value:law", row.Flags);
        Assert.Contains("agent_disagreement:total", row.Flags);
        Assert.Equal(RowStatuses.Review, row.Status);

        row.Cells["law"] = new Cell("Ontario", "Ontario", 1.0, PhaseNames.Human, null);
        RowValidator.Validate(row);
        Assert.DoesNotContain("ungrounded_value:law", row.Flags);
        Assert.Contains("agent_disagreement:total", row.Flags);
    }
}
