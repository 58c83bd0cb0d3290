using Quarry.Data;
using Quarry.Data.Stores;

namespace Quarry.Data.Tests;

public sealed class StoreTests(DataFixture fx) : IClassFixture<DataFixture>
{
    private readonly FakeTime _time = new();

    [Fact]
    public async Task Migrations_are_applied_once()
    {
        Assert.Equal(0, await new Migrator(fx.Db).MigrateAsync(default));
    }

    [Fact]
    public async Task Api_keys_are_stored_hashed_and_revocable()
    {
        var org = await new OrganizationStore(fx.Db, _time).GetOrCreateAsync("keys-" + Guid.NewGuid(), default);
        var keys = new ApiKeyStore(fx.Db, _time);
        var created = await keys.CreateAsync(org.Id, "ci", default);
        Assert.StartsWith("qk_", created.Key, StringComparison.Ordinal);

        var who = await keys.AuthenticateAsync(created.Key, default);
        Assert.Equal(org.Id, who!.OrganizationId);
        Assert.Null(await keys.AuthenticateAsync(created.Key + "x", default));

        Assert.True(await keys.RevokeAsync(created.Record.Id.ToString(), default));
        Assert.Null(await keys.AuthenticateAsync(created.Key, default));
        Assert.False(await keys.RevokeAsync(created.Record.Id.ToString(), default));
    }

    [Fact]
    public async Task Documents_round_trip_with_uuids_timestamps_and_json()
    {
        var org = await new OrganizationStore(fx.Db, _time).GetOrCreateAsync("docs-" + Guid.NewGuid(), default);
        var store = new DocumentStore(fx.Db, _time);
        var doc = NewDocument(org.Id, "a.pdf");
        await store.InsertAsync(doc, default);

        var back = await store.GetAsync(org.Id, doc.Id, default);
        Assert.NotNull(back);
        Assert.Equal(doc.CreatedAt, back.CreatedAt);
        Assert.Equal("""{"k":"v"}""", back.Metadata!.Replace(" ", "", StringComparison.Ordinal));
        Assert.Null(await store.GetAsync(Guid.NewGuid(), doc.Id, default));
        Assert.Equal([doc.Id], await store.ExistingAsync(org.Id, [doc.Id, Guid.NewGuid()], default));
    }

    [Fact]
    public async Task Lists_page_with_stable_cursors()
    {
        var org = await new OrganizationStore(fx.Db, _time).GetOrCreateAsync("page-" + Guid.NewGuid(), default);
        var store = new DocumentStore(fx.Db, _time);
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await store.InsertAsync(NewDocument(org.Id, $"f{i}.txt"), default);
        }
        var first = await store.ListAsync(org.Id, new DocumentFilter(null, null, null, null), 2, null, default);
        Assert.Equal(["f4.txt", "f3.txt"], first.Items.Select(d => d.Filename));
        Assert.Equal(5, first.Total);

        // An insert between pages does not shift the next page.
        _time.Advance(TimeSpan.FromSeconds(1));
        await store.InsertAsync(NewDocument(org.Id, "new.txt"), default);
        var second = await store.ListAsync(org.Id, new DocumentFilter(null, null, null, null), 2, first.NextCursor, default);
        Assert.Equal(["f2.txt", "f1.txt"], second.Items.Select(d => d.Filename));

        var search = await store.ListAsync(org.Id, new DocumentFilter(null, null, null, "F3"), 10, null, default);
        Assert.Equal(["f3.txt"], search.Items.Select(d => d.Filename));
        var literal = await store.ListAsync(org.Id, new DocumentFilter(null, null, null, "%"), 10, null, default);
        Assert.Empty(literal.Items);
    }

    [Fact]
    public async Task A_parsing_lease_that_expires_can_be_taken_by_another_worker()
    {
        var org = await new OrganizationStore(fx.Db, _time).GetOrCreateAsync("lease-" + Guid.NewGuid(), default);
        var store = new DocumentStore(fx.Db, _time);
        var doc = NewDocument(org.Id, "l.pdf", DocumentStatuses.Pending);
        await store.InsertAsync(doc, default);

        var a = (await store.ClaimForParsingAsync("worker-a", TimeSpan.FromSeconds(30), 100, default)).Single(d => d.Id == doc.Id);
        var b = await store.ClaimForParsingAsync("worker-b", TimeSpan.FromSeconds(30), 100, default);
        Assert.DoesNotContain(b, d => d.Id == doc.Id);

        _time.Advance(TimeSpan.FromSeconds(31));
        var c = (await store.ClaimForParsingAsync("worker-b", TimeSpan.FromSeconds(30), 100, default)).Single(d => d.Id == doc.Id);
        Assert.NotEqual(a.LeaseOwner, c.LeaseOwner);
        // The first worker's late result is refused: the lease is no longer its own.
        Assert.False(await store.FinishParsingAsync(doc.Id, a.LeaseOwner!, 1, null, null, null, default));
        Assert.True(await store.FinishParsingAsync(doc.Id, c.LeaseOwner!, 1, null, null, null, default));
    }

    [Fact]
    public async Task A_row_left_by_a_dead_worker_is_taken_over_when_its_lease_expires()
    {
        var org = await new OrganizationStore(fx.Db, _time).GetOrCreateAsync("rows-" + Guid.NewGuid(), default);
        var doc = NewDocument(org.Id, "r.pdf");
        await new DocumentStore(fx.Db, _time).InsertAsync(doc, default);
        var schema = await new SchemaStore(fx.Db, _time).CreateAsync(org.Id, "S", null, """[{"name":"a","type":"string","required":false}]""", default);
        var job = await new JobStore(fx.Db, _time).CreateAsync(org.Id, schema.Id, 1, 1, null, [doc.Id], 0.8, default);
        var rows = new RowStore(fx.Db, _time);
        var lease = TimeSpan.FromSeconds(60);

        var a = (await rows.ClaimAsync("worker-a", lease, 1000, default)).Single(r => r.JobId == job.Id);
        Assert.DoesNotContain(await rows.ClaimAsync("worker-b", lease, 1000, default), r => r.JobId == job.Id);

        // worker-a dies without a word; after its lease, worker-b resumes at the phase a had reached.
        Assert.True(await rows.WriteAsync(a.Id, job.Id, a.Owner, lease, new RowWrite(1, "processing", null, "[]", "{}", []), default));
        _time.Advance(TimeSpan.FromSeconds(61));
        var b = (await rows.ClaimAsync("worker-b", lease, 1000, default)).Single(r => r.JobId == job.Id);
        Assert.Equal(a.Id, b.Id);
        Assert.Equal(1, b.NextPhase);
        Assert.Equal(2, b.Attempts);
        Assert.False(await rows.WriteAsync(a.Id, job.Id, a.Owner, lease, new RowWrite(2, "processing", null, "[]", "{}", []), default));
        Assert.True(await rows.WriteAsync(b.Id, job.Id, b.Owner, lease, new RowWrite(4, "approved", 0.9, "[]", "{}", []), default));

        Assert.Equal("complete", await new JobStore(fx.Db, _time).TryFinishAsync(job.Id, default));
        Assert.Null(await new JobStore(fx.Db, _time).TryFinishAsync(job.Id, default));
    }

    [Fact]
    public async Task A_heartbeat_keeps_a_claim_and_once_it_is_lost_the_old_holder_can_neither_renew_nor_write_nor_log()
    {
        var org = await new OrganizationStore(fx.Db, _time).GetOrCreateAsync("beat-" + Guid.NewGuid(), default);
        var doc = NewDocument(org.Id, "h.pdf");
        await new DocumentStore(fx.Db, _time).InsertAsync(doc, default);
        var schema = await new SchemaStore(fx.Db, _time).CreateAsync(org.Id, "S", null, """[{"name":"a","type":"string","required":false}]""", default);
        var job = await new JobStore(fx.Db, _time).CreateAsync(org.Id, schema.Id, 1, 1, null, [doc.Id], 0.8, default);
        var rows = new RowStore(fx.Db, _time);
        var lease = TimeSpan.FromSeconds(10);

        var a = (await rows.ClaimAsync("worker-a", lease, 1000, default)).Single(r => r.JobId == job.Id);
        // A long phase: the heartbeat renews before the lease runs out, so nobody else may take the row.
        _time.Advance(TimeSpan.FromSeconds(8));
        Assert.True(await rows.RenewAsync(a.Id, a.Owner, lease, default));
        _time.Advance(TimeSpan.FromSeconds(8));
        Assert.DoesNotContain(await rows.ClaimAsync("worker-b", lease, 1000, default), r => r.JobId == job.Id);
        Assert.True(await rows.WriteAsync(a.Id, job.Id, a.Owner, lease, Phase(1, "resolve"), default));

        // worker-a stalls past its lease; worker-b takes the row over at the phase reached.
        _time.Advance(TimeSpan.FromSeconds(11));
        var b = (await rows.ClaimAsync("worker-b", lease, 1000, default)).Single(r => r.JobId == job.Id);
        Assert.Equal(1, b.NextPhase);
        Assert.False(await rows.RenewAsync(a.Id, a.Owner, lease, default));
        Assert.False(await rows.WriteAsync(a.Id, job.Id, a.Owner, lease, Phase(2, "agent"), default));
        Assert.True(await rows.WriteAsync(b.Id, job.Id, b.Owner, lease, Phase(2, "agent"), default));

        // The same process claiming its own expired row again is a new owner too: the stalled first claim is fenced off.
        _time.Advance(TimeSpan.FromSeconds(11));
        var b2 = (await rows.ClaimAsync("worker-b", lease, 1000, default)).Single(r => r.JobId == job.Id);
        Assert.NotEqual(b.Owner, b2.Owner);
        Assert.False(await rows.WriteAsync(b.Id, job.Id, b.Owner, lease, Phase(3, "normalize"), default));
        Assert.True(await rows.WriteAsync(b2.Id, job.Id, b2.Owner, lease, Phase(3, "normalize"), default));

        var runs = await rows.PhaseRunsAsync(job.Id, default);
        Assert.Equal([("resolve", a.Owner, 1), ("agent", b.Owner, 2), ("normalize", b2.Owner, 3)], runs.Select(r => (r.Phase, r.Worker, r.Attempt)));
        Assert.All(runs, r => Assert.Equal(a.Id, r.RowId));
        Assert.StartsWith("worker-a", a.Owner, StringComparison.Ordinal);

        // Documents being parsed renew the same way.
        var docs = new DocumentStore(fx.Db, _time);
        var pending = NewDocument(org.Id, "p.pdf", DocumentStatuses.Pending);
        await docs.InsertAsync(pending, default);
        var parsing = (await docs.ClaimForParsingAsync("worker-a", lease, 100, default)).Single(d => d.Id == pending.Id);
        _time.Advance(TimeSpan.FromSeconds(8));
        Assert.True(await docs.RenewAsync(pending.Id, parsing.LeaseOwner!, lease, default));
        _time.Advance(TimeSpan.FromSeconds(8));
        Assert.DoesNotContain(await docs.ClaimForParsingAsync("worker-b", lease, 100, default), d => d.Id == pending.Id);
        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.Contains(await docs.ClaimForParsingAsync("worker-b", lease, 100, default), d => d.Id == pending.Id);
        Assert.False(await docs.RenewAsync(pending.Id, parsing.LeaseOwner!, lease, default));
    }

    private static RowWrite Phase(int next, string phase) =>
        new(next, "processing", null, "[]", "{}", [], [new PhaseRun(phase, "completed")]);

    [Fact]
    public async Task Rows_are_read_in_pages_in_document_order_with_their_cells()
    {
        var org = await new OrganizationStore(fx.Db, _time).GetOrCreateAsync("pages-" + Guid.NewGuid(), default);
        var docs = new DocumentStore(fx.Db, _time);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var d = NewDocument(org.Id, $"p{i}.pdf");
            await docs.InsertAsync(d, default);
            ids.Add(d.Id);
        }
        var schema = await new SchemaStore(fx.Db, _time).CreateAsync(org.Id, "S", null, """[{"name":"a","type":"string","required":false}]""", default);
        var job = await new JobStore(fx.Db, _time).CreateAsync(org.Id, schema.Id, 1, 1, null, ids, 0.8, default);
        var rows = new RowStore(fx.Db, _time);
        var lease = TimeSpan.FromSeconds(60);
        foreach (var claim in (await rows.ClaimAsync("w", lease, 1000, default)).Where(c => c.JobId == job.Id))
        {
            var n = ids.IndexOf(claim.DocumentId);
            var cell = new CellRecord { RowId = claim.Id, Field = "a", Value = $"\"v{n}\"", Confidence = 0.5, Phase = "phase_1_resolve" };
            Assert.True(await rows.WriteAsync(claim.Id, job.Id, claim.Owner, lease, new RowWrite(4, n % 2 == 0 ? "approved" : "review", 0.9, "[]", "{}", [cell]), default));
        }

        var pages = new List<IReadOnlyList<RowWithCells>>();
        await foreach (var page in rows.PagesAsync(job.Id, null, 2, default))
            pages.Add(page);
        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        var all = pages.SelectMany(p => p).ToList();
        Assert.Equal(["p0.pdf", "p1.pdf", "p2.pdf", "p3.pdf", "p4.pdf"], all.Select(r => r.Row.Filename));
        Assert.Equal(Enumerable.Range(0, 5).Select(n => $"\"v{n}\""), all.Select(r => Assert.Single(r.Cells).Value!.Replace(" ", "", StringComparison.Ordinal)));

        var review = new List<RowWithCells>();
        await foreach (var page in rows.PagesAsync(job.Id, "review", 1, default))
            review.AddRange(page);
        Assert.Equal(["p1.pdf", "p3.pdf"], review.Select(r => r.Row.Filename));
        Assert.All(review, r => Assert.Single(r.Cells));
    }

    [Fact]
    public async Task A_large_job_gets_one_row_per_document_numbered_in_order()
    {
        var org = await new OrganizationStore(fx.Db, _time).GetOrCreateAsync("large-" + Guid.NewGuid(), default);
        var docs = new DocumentStore(fx.Db, _time);
        var ids = new List<Guid>();
        for (var i = 0; i < 1234; i++)
        {
            var d = NewDocument(org.Id, $"l{i}.pdf");
            await docs.InsertAsync(d, default);
            ids.Add(d.Id);
        }
        var schema = await new SchemaStore(fx.Db, _time).CreateAsync(org.Id, "S", null, """[{"name":"a","type":"string","required":false}]""", default);
        var job = await new JobStore(fx.Db, _time).CreateAsync(org.Id, schema.Id, 1, 1, null, ids, 0.8, default);
        Assert.Equal(1234, job.DocumentCount);

        var rows = new List<RowWithCells>();
        await foreach (var page in new RowStore(fx.Db, _time).PagesAsync(job.Id, null, 500, default))
            rows.AddRange(page);
        Assert.Equal(Enumerable.Range(0, 1234), rows.Select(r => r.Row.Ordinal));
        Assert.Equal(ids, rows.Select(r => r.Row.DocumentId));
        Assert.All(rows, r => Assert.Equal("processing", r.Row.Status));
        Assert.All(rows, r => Assert.Equal("[]", r.Row.Flags));
    }

    [Fact]
    public async Task Waiting_documents_are_counted_up_to_a_cap()
    {
        var org = await new OrganizationStore(fx.Db, _time).GetOrCreateAsync("queue-" + Guid.NewGuid(), default);
        var docs = new DocumentStore(fx.Db, _time);
        var before = await docs.CountWaitingAsync(1_000_000, default);
        for (var i = 0; i < 3; i++)
            await docs.InsertAsync(NewDocument(org.Id, $"q{i}.pdf", DocumentStatuses.Pending), default);
        await docs.InsertAsync(NewDocument(org.Id, "done.pdf"), default);
        Assert.Equal(before + 3, await docs.CountWaitingAsync(1_000_000, default));
        Assert.Equal(2, await docs.CountWaitingAsync(2, default));
    }

    [Fact]
    public async Task Idempotency_keys_are_taken_once_replayed_until_they_expire_and_then_purged()
    {
        var org = await new OrganizationStore(fx.Db, _time).GetOrCreateAsync("idem-" + Guid.NewGuid(), default);
        var keys = new IdempotencyStore(fx.Db, _time);
        var lockFor = TimeSpan.FromSeconds(30);
        var keepFor = TimeSpan.FromHours(24);

        Assert.Equal(IdempotencyOutcome.Began, (await keys.TryBeginAsync(org.Id, "k", "a", lockFor, keepFor, default)).Outcome);
        Assert.Equal(IdempotencyOutcome.InProgress, (await keys.TryBeginAsync(org.Id, "k", "b", lockFor, keepFor, default)).Outcome);
        Assert.True(await keys.RenewAsync(org.Id, "k", "a", lockFor, default));
        Assert.False(await keys.RenewAsync(org.Id, "k", "b", lockFor, default));
        Assert.True(await keys.CompleteAsync(org.Id, "k", "a", "hash", 201, """{"Location":"/v1/x"}""", "{}", default));

        var (outcome, record) = await keys.TryBeginAsync(org.Id, "k", "c", lockFor, keepFor, default);
        Assert.Equal(IdempotencyOutcome.Completed, outcome);
        Assert.Equal(("hash", 201, "{}"), (record!.RequestHash, record.ResponseStatus, record.ResponseBody));
        var other = await new OrganizationStore(fx.Db, _time).GetOrCreateAsync("idem-other-" + Guid.NewGuid(), default);
        Assert.Equal(IdempotencyOutcome.Began, (await keys.TryBeginAsync(other.Id, "k", "d", lockFor, keepFor, default)).Outcome);

        _time.Advance(TimeSpan.FromHours(25));
        Assert.True(await keys.PurgeExpiredAsync(default) >= 1);
        Assert.Null(await keys.GetAsync(org.Id, "k", default));
        Assert.Equal(IdempotencyOutcome.Began, (await keys.TryBeginAsync(org.Id, "k", "e", lockFor, keepFor, default)).Outcome);
    }

    [Fact]
    public async Task A_pending_key_whose_holder_died_is_taken_over_after_its_lock()
    {
        var org = await new OrganizationStore(fx.Db, _time).GetOrCreateAsync("idem-dead-" + Guid.NewGuid(), default);
        var keys = new IdempotencyStore(fx.Db, _time);
        var lockFor = TimeSpan.FromSeconds(30);
        Assert.Equal(IdempotencyOutcome.Began, (await keys.TryBeginAsync(org.Id, "k", "dead", lockFor, TimeSpan.FromHours(24), default)).Outcome);
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(IdempotencyOutcome.Began, (await keys.TryBeginAsync(org.Id, "k", "alive", lockFor, TimeSpan.FromHours(24), default)).Outcome);
        // The dead holder's late answer is not stored; the new holder's is.
        Assert.False(await keys.CompleteAsync(org.Id, "k", "dead", "h", 201, "{}", "{}", default));
        await keys.ReleaseAsync(org.Id, "k", "dead", default);
        Assert.Equal("alive", (await keys.GetAsync(org.Id, "k", default))!.Owner);
        await keys.ReleaseAsync(org.Id, "k", "alive", default);
        Assert.Null(await keys.GetAsync(org.Id, "k", default));
    }

    private DocumentRecord NewDocument(Guid org, string name, string status = DocumentStatuses.Completed) => new()
    {
        Id = Guid.NewGuid(),
        OrganizationId = org,
        Filename = name,
        MimeType = "application/pdf",
        SizeBytes = 10,
        Sha256 = new string('a', 64),
        Status = status,
        Metadata = """{"k":"v"}""",
        CreatedAt = Clock.Now(_time),
        UpdatedAt = Clock.Now(_time),
    };
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class FakeTime : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
