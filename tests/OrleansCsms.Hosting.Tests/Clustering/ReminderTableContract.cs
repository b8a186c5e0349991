namespace OrleansCsms.Hosting.Tests.Clustering;

/// <summary>What the reminder service relies on from its table: etags on every write and reads by grain or hash range.</summary>
public sealed class ReminderTableContract(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly DateTime StartAt = new(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc);

    private readonly CancellationToken _cancellation = Deadline.Token();

    [Fact]
    public async Task An_upserted_reminder_reads_back_with_the_etag_the_upsert_returned()
    {
        var table = await fixture.NewReminderTableAsync();
        var entry = Reminder(NewGrain(), "heartbeat-check", TimeSpan.FromMinutes(5));

        var etag = await table.UpsertRow(entry, _cancellation);

        var read = await table.ReadRow(entry.GrainId, "heartbeat-check", _cancellation);
        Assert.True(read is not null, "Expected the upserted reminder to be found.");
        Assert.True(!string.IsNullOrEmpty(etag) && read.ETag == etag, $"Expected the stored etag to be the returned {etag}, found {read.ETag}.");
        Assert.True(read.GrainId == entry.GrainId && read.StartAt == StartAt && read.Period == TimeSpan.FromMinutes(5), $"Expected the reminder to round-trip, found {read}.");
    }

    [Fact]
    public async Task Upserting_an_existing_reminder_replaces_it_and_changes_the_etag()
    {
        var table = await fixture.NewReminderTableAsync();
        var grain = NewGrain();
        var first = await table.UpsertRow(Reminder(grain, "tariff", TimeSpan.FromMinutes(1)), _cancellation);

        var second = await table.UpsertRow(Reminder(grain, "tariff", TimeSpan.FromHours(1)), _cancellation);

        var rows = await table.ReadRows(grain, _cancellation);
        Assert.True(second != first, "Expected the second upsert to return a new etag.");
        Assert.True(rows.Reminders.Count == 1 && rows.Reminders[0].Period == TimeSpan.FromHours(1), "Expected one reminder holding the second upsert's period.");
    }

    [Fact]
    public async Task Remove_with_a_stale_etag_is_refused_and_with_the_current_one_deletes_the_row()
    {
        var table = await fixture.NewReminderTableAsync();
        var grain = NewGrain();
        var stale = await table.UpsertRow(Reminder(grain, "retry", TimeSpan.FromMinutes(1)), _cancellation);
        var current = await table.UpsertRow(Reminder(grain, "retry", TimeSpan.FromMinutes(2)), _cancellation);

        var removedWithStale = await table.RemoveRow(grain, "retry", stale!, _cancellation);
        var stillThere = await table.ReadRow(grain, "retry", _cancellation);
        var removedWithCurrent = await table.RemoveRow(grain, "retry", current!, _cancellation);
        var gone = await table.ReadRow(grain, "retry", _cancellation);

        Assert.False(removedWithStale, "Expected a remove carrying a stale etag to be refused.");
        Assert.True(stillThere is not null, "Expected the reminder to survive the refused remove.");
        Assert.True(removedWithCurrent, "Expected a remove carrying the current etag to succeed.");
        Assert.True(gone is null, "Expected the removed reminder to be gone.");
    }

    [Fact]
    public async Task Reading_by_grain_returns_that_grains_reminders_only()
    {
        var table = await fixture.NewReminderTableAsync();
        var grain = NewGrain();
        await table.UpsertRow(Reminder(grain, "a", TimeSpan.FromMinutes(1)), _cancellation);
        await table.UpsertRow(Reminder(grain, "b", TimeSpan.FromMinutes(1)), _cancellation);
        await table.UpsertRow(Reminder(NewGrain(), "a", TimeSpan.FromMinutes(1)), _cancellation);

        var rows = await table.ReadRows(grain, _cancellation);

        var names = rows.Reminders.Select(reminder => reminder.ReminderName).Order().ToArray();
        Assert.True(names.SequenceEqual(["a", "b"]), $"Expected the grain's reminders a and b, found [{string.Join(", ", names)}].");
    }

    [Fact]
    public async Task Range_reads_return_the_hashes_after_begin_up_to_and_including_end()
    {
        var table = await fixture.NewReminderTableAsync();
        var hashes = await UpsertGrainsAsync(table, 12);
        var begin = hashes[2];
        var end = hashes[8];

        var rows = await table.ReadRows(begin, end, _cancellation);

        var found = rows.Reminders.Select(reminder => reminder.GrainId.GetUniformHashCode()).Order().ToArray();
        var expected = hashes.Where(hash => hash > begin && hash <= end).ToArray();
        Assert.True(found.SequenceEqual(expected), $"Expected the hashes in ({begin}, {end}]: [{string.Join(", ", expected)}], found [{string.Join(", ", found)}].");
    }

    [Fact]
    public async Task Range_reads_with_begin_at_or_after_end_wrap_around_the_ring()
    {
        var table = await fixture.NewReminderTableAsync();
        var hashes = await UpsertGrainsAsync(table, 12);
        var begin = hashes[8];
        var end = hashes[2];

        var wrapped = await table.ReadRows(begin, end, _cancellation);
        var whole = await table.ReadRows(hashes[5], hashes[5], _cancellation);

        var found = wrapped.Reminders.Select(reminder => reminder.GrainId.GetUniformHashCode()).Order().ToArray();
        var expected = hashes.Where(hash => hash > begin || hash <= end).ToArray();
        Assert.True(found.SequenceEqual(expected), $"Expected the hashes after {begin} or up to {end}: [{string.Join(", ", expected)}], found [{string.Join(", ", found)}].");
        Assert.True(whole.Reminders.Count == hashes.Length, $"Expected begin == end to cover the whole ring ({hashes.Length} reminders), found {whole.Reminders.Count}.");
    }

    [Fact]
    public async Task Reminders_of_another_service_id_are_invisible_and_survive_its_clearing()
    {
        var mine = await fixture.NewReminderTableAsync();
        var theirs = await fixture.NewReminderTableAsync();
        var grain = NewGrain();
        await theirs.UpsertRow(Reminder(grain, "shared-name", TimeSpan.FromMinutes(1)), _cancellation);

        var byGrain = await mine.ReadRows(grain, _cancellation);
        var byRange = await mine.ReadRows(0u, 0u, _cancellation);
        await mine.TestOnlyClearTable(_cancellation);

        Assert.True(byGrain.Reminders.Count == 0 && byRange.Reminders.Count == 0, "Expected no reminders of another service id to be visible.");
        Assert.True(await theirs.ReadRow(grain, "shared-name", _cancellation) is not null, "Expected clearing one service's reminders to leave the other's.");
    }

    private async Task<uint[]> UpsertGrainsAsync(OrleansCsms.Hosting.Clustering.PostgresReminderTable table, int count)
    {
        var grains = Enumerable.Range(0, count).Select(_ => NewGrain()).ToArray();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Reminder(grain, "tick", TimeSpan.FromMinutes(1)), _cancellation);
        }

        return grains.Select(grain => grain.GetUniformHashCode()).Order().ToArray();
    }

    private static GrainId NewGrain() => GrainId.Create("chargepoint", Guid.NewGuid().ToString("N"));

    private static ReminderEntry Reminder(GrainId grain, string name, TimeSpan period) =>
        new() { GrainId = grain, ReminderName = name, StartAt = StartAt, Period = period };
}
