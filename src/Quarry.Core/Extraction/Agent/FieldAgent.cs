using Microsoft.Extensions.AI;
using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction.Agent;

/// <summary>
/// Phase 2 with a chat model: the gap fields and one page window per call (later windows are asked only for what is still
/// missing), each value kept only when its quote is found in the window's pages. The provider, its retries and its
/// limits are the <see cref="IChatClient"/>'s business; the budget is the row's <see cref="RowWork.AgentLedger"/>.
/// <paramref name="warn"/> hears why a call gave nothing (never the document's text); Core does no logging of its own.
/// </summary>
public sealed class FieldAgent(IChatClient chat, AgentSettings settings, Action<string>? warn = null) : IFieldAgent
{
    private sealed record Grounded(FieldAnswer Answer, string Quote, QuoteMatch Match);

    public async Task<PhaseOutcome> FillAsync(RowWork row, IReadOnlyList<FieldDefinition> gaps, CancellationToken ct)
    {
        var pending = gaps.ToList();
        var found = new Dictionary<string, Grounded>(StringComparer.Ordinal);
        var ungrounded = new HashSet<string>(StringComparer.Ordinal);
        var outcome = PhaseOutcome.Skipped;
        foreach (var window in PageWindows.Split(row.Content, settings.WindowChars))
        {
            if (pending.Count == 0)
                break;
            var messages = AgentPrompt.Messages(pending, window);
            var reserved = AgentPrompt.EstimateTokens(messages) + settings.MaxOutputTokens;
            if (row.AgentLedger is { } ledger && !await ledger.TryReserveAsync(reserved, ct))
            {
                AgentFlags.Raise(row, AgentFlags.BudgetExhausted);
                break;
            }
            var answer = await AskAsync(row, messages, pending, reserved, ct);
            if (answer is null)
            {
                outcome = PhaseOutcome.Failed;
                break;
            }
            outcome = PhaseOutcome.Completed;
            foreach (var field in pending)
            {
                if (!answer.TryGetValue(field.Name, out var a) || a.Value is null)
                    continue;
                if (a.Quote is { } quote && QuoteLocator.Locate(window.Pages, quote) is { } match)
                    found[field.Name] = new Grounded(a, quote, match);
                else
                    ungrounded.Add(field.Name);
            }
            pending.RemoveAll(f => found.ContainsKey(f.Name));
        }
        foreach (var field in gaps)
        {
            if (found.TryGetValue(field.Name, out var g))
                Apply(row, field, g);
            else if (ungrounded.Contains(field.Name))
                AgentFlags.Raise(row, AgentFlags.ForField(AgentFlags.Ungrounded, field.Name));
        }
        return outcome;
    }

    /// <summary>One call, settled with the ledger whatever happens; null (and the row flagged) when the provider or its answer failed.</summary>
    private async Task<IReadOnlyDictionary<string, FieldAnswer>?> AskAsync(
        RowWork row, IReadOnlyList<ChatMessage> messages, IReadOnlyList<FieldDefinition> fields, long reserved, CancellationToken ct)
    {
        var used = new AgentUsage(0, 0);
        try
        {
            var response = await chat.GetResponseAsync(messages, AgentPrompt.Options(fields, settings), ct);
            // Some local servers report no usage; then the estimate stands in, so budgets still bind.
            used = new AgentUsage(
                response.Usage?.InputTokenCount ?? AgentPrompt.EstimateTokens(messages),
                response.Usage?.OutputTokenCount ?? (response.Text.Length / 3) + 1);
            var answer = AgentAnswer.Parse(response.Text);
            if (answer is null)
            {
                warn?.Invoke($"The model's answer was not the JSON object asked for ({response.Text.Length} characters); phase 1's values are kept.");
                AgentFlags.Raise(row, AgentFlags.InvalidAnswer);
            }
            return answer;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Timeouts, 429/5xx after the client's retries, an open circuit: the row keeps phase 1 and says so.
            // The message is cut short: an SDK's message may carry the provider's response body, which is no place for document text.
            var why = e.Message.Length > 160 ? e.Message[..160] + "…" : e.Message;
            warn?.Invoke($"The model provider did not answer ({e.GetType().Name}: {why}); phase 1's values are kept.");
            AgentFlags.Raise(row, AgentFlags.Unavailable);
            return null;
        }
        finally
        {
            if (row.AgentLedger is { } ledger)
                await ledger.SettleAsync(reserved, used, CancellationToken.None);
        }
    }

    /// <summary>
    /// The grounded value goes in, unless phase 1 holds a strong different value: then phase 1's stays and the row is
    /// flagged for a person to decide. Agreement raises the confidence.
    /// </summary>
    private void Apply(RowWork row, FieldDefinition field, Grounded g)
    {
        var confidence = AgentConfidence.Of(g.Match, g.Answer, g.Quote);
        var prior = row.CellOf(field.Name);
        if (prior.IsFilled)
        {
            if (AgentConfidence.SameValue(field, prior.Value, g.Answer.Value))
                confidence = AgentConfidence.Agreeing(confidence, prior.Confidence);
            else if (prior.Confidence >= settings.StrongCandidate)
            {
                AgentFlags.Raise(row, AgentFlags.ForField(AgentFlags.Disagreement, field.Name));
                return;
            }
        }
        var source = new CellSource(g.Match.Page, g.Match.Bbox, g.Match.Text) { Kind = EvidenceKinds.Agent };
        row.Cells[field.Name] = new Cell(g.Answer.Value, g.Quote, confidence, PhaseNames.Agent, source, Evidence: new Evidence(EvidenceKinds.Agent, confidence));
    }
}
