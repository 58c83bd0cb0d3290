using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Quarry.Cli.Remote;
using Quarry.Client;

namespace Quarry.Cli.Commands;

/// <summary><c>quarry webhook create|list|delete|deliveries|redeliver</c>: subscriptions of URLs to a server's events.</summary>
public static class WebhookCommand
{
    private static readonly string[] DeliveryStatuses = ["pending", "delivered", "failed"];

    public static Command Build()
    {
        var (webhook, remote) = RemoteOptions.Command("webhook", """
            Subscribe URLs to a Quarry server's events (signed POSTs, retried with backoff) and see what was delivered.
            Events: document.completed, document.failed, job.completed, job.failed, job.cancelled, row.review_required, row.approved.
            Examples:
              quarry webhook create https://example.com/quarry --event job.completed --event row.review_required
              quarry webhook list
              quarry webhook deliveries 3f0c…
            """);
        webhook.Subcommands.Add(Create(remote));
        webhook.Subcommands.Add(List(remote));
        webhook.Subcommands.Add(Delete(remote));
        webhook.Subcommands.Add(Deliveries(remote));
        webhook.Subcommands.Add(Redeliver(remote));
        return webhook;
    }

    private static Command Create(RemoteOptions remote)
    {
        var url = new Argument<string>("url") { Description = "Where to POST the events (https; private addresses only if the server allows them)" };
        var events = new Option<string[]>("--event", "-e") { Description = "An event to send (repeat for several)", Required = true };
        events.AcceptOnlyFromAmong([.. WebhookEvents.All]);
        var secret = new Option<string?>("--secret") { Description = "The signing secret (default: the server makes one, shown once)" };
        var json = new Option<bool>("--json") { Description = "Print the webhook as JSON (with its secret)" };
        var command = new Command("create", """
            Subscribe a URL to events. The signing secret is printed this once: keep it to verify X-Quarry-Signature.
            Examples:
              quarry webhook create https://example.com/quarry --event job.completed
              quarry webhook create https://example.com/quarry -e row.review_required -e row.approved --json
            """) { url, events, secret, json };
        command.SetAction(remote.Run(async (parse, client, ct) =>
        {
            var created = await client.Webhooks.CreateAsync(new NewWebhook(parse.GetValue(url)!, parse.GetValue(events)!, parse.GetValue(secret)), ct: ct);
            if (parse.GetValue(json))
                Console.Out.WriteLine(JsonSerializer.Serialize(created, Output.Json));
            else
            {
                Console.Out.WriteLine(created.Id);
                Console.Error.WriteLine($"Created webhook {created.Id} for {created.Url} ({string.Join(", ", created.Events)}). Signing secret, shown once: {created.Secret}");
            }
            return 0;
        }));
        return command;
    }

    private static Command List(RemoteOptions remote)
    {
        var json = ListOutput.JsonOption("webhooks");
        var quiet = ListOutput.QuietOption();
        var command = new Command("list", """
            List webhooks: URL, events, enabled or why disabled, failures in a row.
            Examples:
              quarry webhook list
              quarry webhook list -q
            """) { json, quiet };
        command.SetAction(remote.Run(async (parse, client, ct) =>
        {
            var hooks = await client.Webhooks.ListAllAsync(ct).ToListAsync(ct);
            await ListOutput.WriteAsync(hooks, parse.GetValue(json), parse.GetValue(quiet), "No webhooks.",
                ["ID", "URL", "EVENTS", "ENABLED", "FAILURES"],
                h => [h.Id.ToString(), h.Url, string.Join(',', h.Events), h.Enabled ? "yes" : $"no ({h.DisabledReason})",
                    h.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture)], h => h.Id);
            return 0;
        }));
        return command;
    }

    private static Command Delete(RemoteOptions remote)
    {
        var id = new Argument<string>("id") { Description = "The webhook's id" };
        var command = new Command("delete", """
            Delete a webhook; deliveries still waiting are not sent.
            Example:
              quarry webhook delete 3f0c…
            """) { id };
        command.SetAction(remote.Run(async (parse, client, ct) =>
        {
            var hookId = Output.Id(parse.GetValue(id)!, "webhook");
            await client.Webhooks.DeleteAsync(hookId, ct);
            Console.Error.WriteLine($"Deleted webhook {hookId}.");
            return 0;
        }));
        return command;
    }

    private static Command Deliveries(RemoteOptions remote)
    {
        var id = new Argument<string>("id") { Description = "The webhook's id" };
        var status = new Option<string?>("--status") { Description = "Only deliveries with this status: " + string.Join(", ", DeliveryStatuses) };
        status.AcceptOnlyFromAmong(DeliveryStatuses);
        var json = new Option<bool>("--json") { Description = "Print the deliveries as JSON (with every attempt and the payload)" };
        var quiet = ListOutput.QuietOption();
        var command = new Command("deliveries", """
            A webhook's deliveries, newest first: event, status, attempts, the last answer.
            Examples:
              quarry webhook deliveries 3f0c…
              quarry webhook deliveries 3f0c… --status failed --json
            """) { id, status, json, quiet };
        command.SetAction(remote.Run(async (parse, client, ct) =>
        {
            var hookId = Output.Id(parse.GetValue(id)!, "webhook");
            var deliveries = await client.Webhooks.ListAllDeliveriesAsync(hookId, parse.GetValue(status), ct).ToListAsync(ct);
            await ListOutput.WriteAsync(deliveries, parse.GetValue(json), parse.GetValue(quiet), "No deliveries.",
                ["ID", "EVENT", "STATUS", "ATTEMPTS", "LAST ANSWER", "CREATED"],
                d => [d.Id.ToString(), d.Event, d.Status, d.AttemptCount.ToString(CultureInfo.InvariantCulture),
                    d.LastResponseStatus?.ToString(CultureInfo.InvariantCulture) ?? d.LastError ?? "", Output.Time(d.CreatedAt)],
                d => d.Id, statusColumn: 2);
            return 0;
        }));
        return command;
    }

    private static Command Redeliver(RemoteOptions remote)
    {
        var id = new Argument<string>("id") { Description = "The webhook's id" };
        var delivery = new Argument<string>("delivery") { Description = "The delivery's id" };
        var command = new Command("redeliver", """
            Send a delivery again at once (same id and body, a fresh retry schedule).
            Example:
              quarry webhook redeliver 3f0c… 81d2…
            """) { id, delivery };
        command.SetAction(remote.Run(async (parse, client, ct) =>
        {
            var queued = await client.Webhooks.RedeliverAsync(Output.Id(parse.GetValue(id)!, "webhook"), Output.Id(parse.GetValue(delivery)!, "delivery"), ct: ct);
            Console.Error.WriteLine($"Delivery {queued.Id} ({queued.Event}) is queued again.");
            return 0;
        }));
        return command;
    }
}
