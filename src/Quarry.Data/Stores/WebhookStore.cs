using System.Data.Common;
using Dapper;

namespace Quarry.Data.Stores;

/// <summary>What a PATCH changes; null members stay as they are.</summary>
public sealed record WebhookChanges(string? Url, string? EventsJson, string? Secret, bool? Enabled);

/// <summary>Webhook subscriptions of an organization. A deleted or disabled subscription gets no new deliveries.</summary>
public sealed class WebhookStore(QuarryDatabase db, TimeProvider time)
{
    private const string Columns =
        "w.id, w.organization_id, w.url, w.events, w.secret, w.disabled_reason, w.disabled_at, w.consecutive_failures, w.created_at, w.updated_at";

    public async Task<WebhookRecord> CreateAsync(Guid organizationId, string url, string eventsJson, string secret, CancellationToken ct)
    {
        var now = Clock.Now(time);
        var record = new WebhookRecord
        {
            Id = Guid.NewGuid(), OrganizationId = organizationId, Url = url, Events = eventsJson, Secret = secret, CreatedAt = now, UpdatedAt = now,
        };
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhooks (id, organization_id, url, events, secret, consecutive_failures, created_at, updated_at)
            VALUES (@Id, @OrganizationId, @Url, @events, @Secret, 0, @CreatedAt, @UpdatedAt)
            """, new { record.Id, record.OrganizationId, record.Url, events = new JsonText(eventsJson), record.Secret, record.CreatedAt, record.UpdatedAt },
            cancellationToken: ct));
        return record;
    }

    public async Task<WebhookRecord?> GetAsync(Guid organizationId, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<WebhookRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM webhooks w WHERE w.id = @id AND w.organization_id = @organizationId AND w.deleted_at IS NULL",
            new { id, organizationId }, cancellationToken: ct));
    }

    public async Task<Page<WebhookRecord>> ListAsync(Guid organizationId, int limit, string? cursor, CancellationToken ct)
    {
        var p = new DynamicParameters(new { organizationId });
        await using var conn = await db.OpenAsync(ct);
        return await Keyset.PageAsync<WebhookRecord>(conn, Columns, "webhooks w", "w", "w.organization_id = @organizationId AND w.deleted_at IS NULL",
            p, limit, cursor, w => (w.CreatedAt, w.Id), ct);
    }

    /// <summary>The enabled subscriptions of an organization: who gets an event published now.</summary>
    public async Task<IReadOnlyList<WebhookRecord>> SubscribersAsync(Guid organizationId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<WebhookRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM webhooks w WHERE w.organization_id = @organizationId AND w.deleted_at IS NULL AND w.disabled_reason IS NULL",
            new { organizationId }, cancellationToken: ct))).ToList();
    }

    /// <summary>The row an event is about, with its document's file name; null when it is gone.</summary>
    public async Task<RowRecord?> RowAsync(Guid rowId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<RowRecord>(new CommandDefinition(
            """
            SELECT r.id, r.job_id, r.organization_id, r.document_id, d.filename, r.ordinal, r.status, r.next_phase, r.confidence, r.flags,
                   r.phases, r.attempts, r.updated_at
            FROM job_rows r JOIN documents d ON d.id = r.document_id WHERE r.id = @rowId
            """, new { rowId }, cancellationToken: ct));
    }

    /// <summary>
    /// Applies a PATCH; null when the webhook does not exist for this organization. Enabling clears the reason and
    /// the failure count; disabling fails the deliveries still waiting (they can be redelivered later).
    /// </summary>
    public async Task<WebhookRecord?> UpdateAsync(Guid organizationId, Guid id, WebhookChanges changes, CancellationToken ct)
    {
        var now = Clock.Now(time);
        var set = new List<string> { "updated_at = @now" };
        var p = new DynamicParameters(new { id, organizationId, now });
        if (changes.Url is not null) { set.Add("url = @url"); p.Add("url", changes.Url); }
        if (changes.EventsJson is not null) { set.Add("events = @events"); p.Add("events", new JsonText(changes.EventsJson)); }
        if (changes.Secret is not null) { set.Add("secret = @secret"); p.Add("secret", changes.Secret); }
        if (changes.Enabled == true)
            set.Add("disabled_reason = NULL, disabled_at = NULL, consecutive_failures = 0");
        else if (changes.Enabled == false)
        {
            // A subscription the system disabled keeps its reason when the user disables it too.
            set.Add("disabled_reason = COALESCE(disabled_reason, @byUser), disabled_at = COALESCE(disabled_at, @now)");
            p.Add("byUser", WebhookDisabledReasons.DisabledByUser);
        }
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var n = await conn.ExecuteAsync(new CommandDefinition(
            $"UPDATE webhooks SET {string.Join(", ", set)} WHERE id = @id AND organization_id = @organizationId AND deleted_at IS NULL",
            p, tx, cancellationToken: ct));
        if (n == 0)
            return null;
        if (changes.Enabled == false)
            await FailWaitingAsync(conn, tx, id, "The webhook was disabled before this delivery was sent.", now, ct);
        await tx.CommitAsync(ct);
        return await GetAsync(organizationId, id, ct);
    }

    /// <summary>Deletes the subscription (its history goes with it from the API) and fails what it still had to send.</summary>
    public async Task<bool> DeleteAsync(Guid organizationId, Guid id, CancellationToken ct)
    {
        var now = Clock.Now(time);
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var n = await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE webhooks SET deleted_at = @now, updated_at = @now WHERE id = @id AND organization_id = @organizationId AND deleted_at IS NULL",
            new { id, organizationId, now }, tx, cancellationToken: ct));
        if (n == 1)
            await FailWaitingAsync(conn, tx, id, "The webhook was deleted before this delivery was sent.", now, ct);
        await tx.CommitAsync(ct);
        return n == 1;
    }

    /// <summary>
    /// Ends the waiting deliveries of a subscription that stopped taking them, so they are not scanned for ever. One
    /// that is being sent right now is left to its sender, which fails it when it sees the subscription disabled.
    /// </summary>
    internal static Task FailWaitingAsync(DbConnection conn, DbTransaction tx, Guid webhookId, string why, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE webhook_deliveries SET status = '{WebhookDeliveryStatuses.Failed}', next_attempt_at = NULL, last_error = @why, completed_at = @now, updated_at = @now
            WHERE webhook_id = @webhookId AND status = '{WebhookDeliveryStatuses.Pending}' AND (lease_expires_at IS NULL OR lease_expires_at < @now)
            """, new { webhookId, why, now }, tx, cancellationToken: ct));
}
