using Dapper;

namespace Quarry.Data.Stores;

public enum RedeliverOutcome { Queued, NotFound, InFlight }

/// <summary>
/// The webhook outbox: deliveries are written when an event happens, claimed under a lease by whichever process
/// dispatches (SKIP LOCKED on PostgreSQL), and their attempts recorded. Nothing lives only in memory, so a restart or
/// a killed process loses no delivery; an attempt cut short by a crash is made again (at-least-once).
/// </summary>
public sealed class WebhookDeliveryStore(QuarryDatabase db, TimeProvider time)
{
    private const string Columns =
        """
        d.id, d.webhook_id, d.organization_id, d.event, d.payload, d.status, d.attempts, d.next_attempt_at, d.last_attempt_at,
        d.last_response_status, d.last_error, d.created_at, d.updated_at, d.completed_at
        """;

    /// <summary>Adds deliveries, due at once. A delivery whose (webhook, event key) is already in the outbox is skipped.</summary>
    public async Task EnqueueAsync(IReadOnlyList<NewWebhookDelivery> deliveries, DateTimeOffset now, CancellationToken ct)
    {
        if (deliveries.Count == 0)
            return;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO webhook_deliveries (id, webhook_id, organization_id, event, event_key, payload, status, attempts, round_attempts,
                                            next_attempt_at, created_at, updated_at)
            VALUES (@Id, @WebhookId, @OrganizationId, @Event, @EventKey, @Payload, '{WebhookDeliveryStatuses.Pending}', 0, 0, @now, @now, @now)
            ON CONFLICT (webhook_id, event_key) DO NOTHING
            """, deliveries.Select(d => new { d.Id, d.WebhookId, d.OrganizationId, d.Event, d.EventKey, d.Payload, now }), tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Takes up to <paramref name="max"/> due deliveries of enabled subscriptions under a lease (an expired lease is
    /// fair game: its holder died). The attempt is counted here, so a delivery whose sender keeps dying still ends.
    /// </summary>
    public async Task<IReadOnlyList<WebhookDeliveryClaim>> ClaimAsync(string owner, TimeSpan lease, int max, CancellationToken ct)
    {
        var now = Clock.Now(time);
        await using var conn = await db.OpenAsync(ct);
        var ids = (await conn.QueryAsync<Guid>(new CommandDefinition(
            $"""
            UPDATE webhook_deliveries SET lease_owner = @owner, lease_expires_at = @until, attempts = attempts + 1,
                   round_attempts = round_attempts + 1, last_attempt_at = @now, updated_at = @now
            WHERE id IN (
                SELECT d.id FROM webhook_deliveries d
                JOIN webhooks w ON w.id = d.webhook_id
                WHERE d.status = '{WebhookDeliveryStatuses.Pending}' AND d.next_attempt_at <= @now
                  AND (d.lease_expires_at IS NULL OR d.lease_expires_at < @now)
                  AND w.disabled_reason IS NULL AND w.deleted_at IS NULL
                ORDER BY d.next_attempt_at
                LIMIT @max
                {db.Dialect.SkipLocked("d")})
            RETURNING id
            """, new { owner, until = now + lease, now, max }, cancellationToken: ct))).ToList();
        if (ids.Count == 0)
            return [];
        return (await conn.QueryAsync<WebhookDeliveryClaim>(new CommandDefinition(
            $"""
            SELECT d.id, d.webhook_id, d.event, d.payload, d.attempts, d.round_attempts, w.url, w.secret
            FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
            WHERE {db.Dialect.InList("d.id", "ids")} AND d.lease_owner = @owner
            """, new { ids = db.Dialect.IdList(ids), owner }, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// Records an attempt and its consequences in one transaction: the delivery's new state, the attempt in the
    /// history, and the subscription's failure count, which disables it after <paramref name="disableAfter"/> failed
    /// deliveries in a row (or at once on 410). Returns the reason when this attempt disabled the subscription. Does
    /// nothing when the lease was lost meanwhile: another process owns the delivery now.
    /// </summary>
    public async Task<string?> RecordAttemptAsync(WebhookDeliveryClaim claim, string owner, AttemptOutcome outcome, int disableAfter, CancellationToken ct)
    {
        var now = Clock.Now(time);
        var status = outcome.Result switch
        {
            AttemptResult.Delivered => WebhookDeliveryStatuses.Delivered,
            AttemptResult.Retry or AttemptResult.Interrupted => WebhookDeliveryStatuses.Pending,
            _ => WebhookDeliveryStatuses.Failed,
        };
        var error = outcome.Error is { Length: > 1000 } e ? e[..1000] : outcome.Error;
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var n = await conn.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_deliveries SET status = @status, next_attempt_at = @next, last_response_status = @code, last_error = @error,
                   lease_owner = NULL, lease_expires_at = NULL, updated_at = @now, completed_at = @completed
            WHERE id = @id AND lease_owner = @owner
            """,
            new
            {
                status, next = status == WebhookDeliveryStatuses.Pending ? outcome.NextAttemptAt ?? now : (DateTimeOffset?)null,
                code = outcome.ResponseStatus, error, now, completed = status == WebhookDeliveryStatuses.Pending ? (DateTimeOffset?)null : now,
                id = claim.Id, owner,
            }, tx, cancellationToken: ct));
        if (n == 0)
            return null;
        await conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO webhook_delivery_attempts (delivery_id, attempt, attempted_at, response_status, error, duration_ms) VALUES (@id, @attempt, @now, @code, @error, @ms)",
            new { id = claim.Id, attempt = claim.Attempts, now, code = outcome.ResponseStatus, error, ms = outcome.DurationMs }, tx, cancellationToken: ct));

        string? disabled = null;
        switch (outcome.Result)
        {
            case AttemptResult.Delivered:
                await conn.ExecuteAsync(new CommandDefinition(
                    "UPDATE webhooks SET consecutive_failures = 0 WHERE id = @webhookId", new { webhookId = claim.WebhookId }, tx, cancellationToken: ct));
                break;
            case AttemptResult.Gone:
                disabled = await DisableAsync(conn, tx, claim.WebhookId, WebhookDisabledReasons.ReceiverGone, now, ct);
                break;
            case AttemptResult.Exhausted:
                var failures = await conn.ExecuteScalarAsync<int>(new CommandDefinition(
                    "UPDATE webhooks SET consecutive_failures = consecutive_failures + 1 WHERE id = @webhookId RETURNING consecutive_failures",
                    new { webhookId = claim.WebhookId }, tx, cancellationToken: ct));
                if (failures >= disableAfter)
                    disabled = await DisableAsync(conn, tx, claim.WebhookId, WebhookDisabledReasons.ConsecutiveFailures, now, ct);
                break;
            case AttemptResult.Retry or AttemptResult.Interrupted:
                // The subscription may have been disabled or deleted while this attempt ran: then there is no retry.
                await conn.ExecuteAsync(new CommandDefinition(
                    $"""
                    UPDATE webhook_deliveries SET status = '{WebhookDeliveryStatuses.Failed}', next_attempt_at = NULL, completed_at = @now
                    WHERE id = @id AND status = '{WebhookDeliveryStatuses.Pending}'
                      AND NOT EXISTS (SELECT 1 FROM webhooks w WHERE w.id = @webhookId AND w.disabled_reason IS NULL AND w.deleted_at IS NULL)
                    """, new { id = claim.Id, webhookId = claim.WebhookId, now }, tx, cancellationToken: ct));
                break;
        }
        await tx.CommitAsync(ct);
        return disabled;
    }

    public async Task<Page<WebhookDeliveryRecord>> ListAsync(Guid organizationId, Guid webhookId, string? status, int limit, string? cursor, CancellationToken ct)
    {
        var where = "d.webhook_id = @webhookId AND d.organization_id = @organizationId";
        var p = new DynamicParameters(new { webhookId, organizationId });
        if (status is not null) { where += " AND d.status = @status"; p.Add("status", status); }
        await using var conn = await db.OpenAsync(ct);
        return await Keyset.PageAsync<WebhookDeliveryRecord>(conn, Columns, "webhook_deliveries d", "d", where, p, limit, cursor, d => (d.CreatedAt, d.Id), ct);
    }

    public async Task<WebhookDeliveryRecord?> GetAsync(Guid organizationId, Guid webhookId, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<WebhookDeliveryRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM webhook_deliveries d WHERE d.id = @id AND d.webhook_id = @webhookId AND d.organization_id = @organizationId",
            new { id, webhookId, organizationId }, cancellationToken: ct));
    }

    /// <summary>The attempts of the given deliveries, oldest first.</summary>
    public async Task<ILookup<Guid, WebhookAttemptRecord>> AttemptsAsync(IReadOnlyCollection<Guid> deliveryIds, CancellationToken ct)
    {
        if (deliveryIds.Count == 0)
            return Array.Empty<WebhookAttemptRecord>().ToLookup(a => a.DeliveryId);
        await using var conn = await db.OpenAsync(ct);
        var attempts = await conn.QueryAsync<WebhookAttemptRecord>(new CommandDefinition(
            $"""
            SELECT delivery_id, attempt, attempted_at, response_status, error, duration_ms FROM webhook_delivery_attempts
            WHERE {db.Dialect.InList("delivery_id", "ids")} ORDER BY attempt
            """, new { ids = db.Dialect.IdList(deliveryIds) }, cancellationToken: ct));
        return attempts.ToLookup(a => a.DeliveryId);
    }

    /// <summary>
    /// Queues a delivery again with the same id and body, due at once, with a fresh retry schedule. Refused while an
    /// attempt at it is running.
    /// </summary>
    public async Task<(RedeliverOutcome, WebhookDeliveryRecord?)> RedeliverAsync(Guid organizationId, Guid webhookId, Guid id, CancellationToken ct)
    {
        var now = Clock.Now(time);
        await using var conn = await db.OpenAsync(ct);
        var n = await conn.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE webhook_deliveries SET status = '{WebhookDeliveryStatuses.Pending}', next_attempt_at = @now, round_attempts = 0,
                   completed_at = NULL, updated_at = @now
            WHERE id = @id AND webhook_id = @webhookId AND organization_id = @organizationId
              AND (lease_expires_at IS NULL OR lease_expires_at < @now)
            """, new { id, webhookId, organizationId, now }, cancellationToken: ct));
        var record = await GetAsync(organizationId, webhookId, id, ct);
        if (record is null)
            return (RedeliverOutcome.NotFound, null);
        return (n == 1 ? RedeliverOutcome.Queued : RedeliverOutcome.InFlight, record);
    }

    /// <summary>Deletes finished deliveries (and their attempts) completed before <paramref name="before"/>, a batch at a time.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset before, int batch, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var ids = (await conn.QueryAsync<Guid>(new CommandDefinition(
            $"SELECT id FROM webhook_deliveries WHERE status <> '{WebhookDeliveryStatuses.Pending}' AND completed_at < @before LIMIT @batch",
            new { before, batch }, tx, cancellationToken: ct))).ToList();
        if (ids.Count > 0)
        {
            var p = new { ids = db.Dialect.IdList(ids) };
            await conn.ExecuteAsync(new CommandDefinition($"DELETE FROM webhook_delivery_attempts WHERE {db.Dialect.InList("delivery_id", "ids")}", p, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition($"DELETE FROM webhook_deliveries WHERE {db.Dialect.InList("id", "ids")}", p, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return ids.Count;
    }

    /// <summary>Disables the subscription unless it already is, and fails what it still had to send. Returns the reason when it did.</summary>
    private static async Task<string?> DisableAsync(System.Data.Common.DbConnection conn, System.Data.Common.DbTransaction tx, Guid webhookId, string reason,
        DateTimeOffset now, CancellationToken ct)
    {
        var n = await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE webhooks SET disabled_reason = @reason, disabled_at = @now, updated_at = @now WHERE id = @webhookId AND disabled_reason IS NULL",
            new { webhookId, reason, now }, tx, cancellationToken: ct));
        if (n == 0)
            return null;
        await WebhookStore.FailWaitingAsync(conn, tx, webhookId, $"The webhook was disabled ({reason}) before this delivery was sent.", now, ct);
        return reason;
    }
}
