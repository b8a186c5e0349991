using static OrleansCsms.Hosting.Tests.MembershipEntries;

namespace OrleansCsms.Hosting.Tests.Clustering;

/// <summary>What Orleans relies on from a membership table: every change guarded by the table version and the row etag.</summary>
public sealed class MembershipTableContract(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    private readonly CancellationToken _cancellation = Deadline.Token();

    [Fact]
    public async Task A_new_table_has_no_rows_and_a_version_with_an_etag()
    {
        var table = await fixture.NewMembershipTableAsync();

        var data = await table.ReadAllAsync(_cancellation);

        Assert.True(data.Members.Count == 0, $"Expected no rows in a new cluster, found {data.Members.Count}.");
        Assert.False(string.IsNullOrEmpty(data.Version.VersionEtag), "Expected the initialised table version to carry an etag.");
    }

    [Fact]
    public async Task Initialising_again_keeps_the_table_version_and_its_rows()
    {
        var clusterId = PostgresDatabaseFixture.NewId("cluster");
        var table = await fixture.NewMembershipTableAsync(clusterId);
        var before = await table.ReadAllAsync(_cancellation);
        Assert.True(await table.InsertRowAsync(Entry(), before.Version.Next(), _cancellation), "Expected the first insert to succeed.");
        var inserted = await table.ReadAllAsync(_cancellation);

        await fixture.MembershipTable(clusterId).InitializeMembershipTableAsync(tryInitTableVersion: true, _cancellation);

        var after = await table.ReadAllAsync(_cancellation);
        Assert.True(after.Version == inserted.Version, $"Expected initialising again to keep version {inserted.Version}, found {after.Version}.");
        Assert.True(after.Members.Count == 1, $"Expected initialising again to keep the one row, found {after.Members.Count}.");
    }

    [Fact]
    public async Task Insert_with_the_current_table_version_adds_the_row_and_moves_the_version_on()
    {
        var table = await fixture.NewMembershipTableAsync();
        var before = await table.ReadAllAsync(_cancellation);
        var entry = Entry();

        var inserted = await table.InsertRowAsync(entry, before.Version.Next(), _cancellation);

        var after = await table.ReadAllAsync(_cancellation);
        Assert.True(inserted, "Expected an insert carrying the current table version etag to succeed.");
        Assert.True(after.Members.Count == 1 && after.Members[0].Item1.SiloAddress.Equals(entry.SiloAddress), "Expected the inserted silo to be the one row.");
        Assert.True(after.Version.Version == before.Version.Version + 1, $"Expected version {before.Version.Version + 1}, found {after.Version.Version}.");
        Assert.True(after.Version.VersionEtag != before.Version.VersionEtag, "Expected the insert to give the table version a new etag.");
    }

    [Fact]
    public async Task Insert_with_a_stale_table_version_is_refused_and_changes_nothing()
    {
        var table = await fixture.NewMembershipTableAsync();
        var stale = (await table.ReadAllAsync(_cancellation)).Version;
        Assert.True(await table.InsertRowAsync(Entry(), stale.Next(), _cancellation), "Expected the first insert to succeed.");
        var current = await table.ReadAllAsync(_cancellation);

        var inserted = await table.InsertRowAsync(Entry(), stale.Next(), _cancellation);

        var after = await table.ReadAllAsync(_cancellation);
        Assert.False(inserted, "Expected an insert carrying a table version etag that has since changed to be refused.");
        Assert.True(after.Members.Count == 1, $"Expected the refused insert to add no row, found {after.Members.Count} rows.");
        Assert.True(after.Version == current.Version, $"Expected the refused insert to leave version {current.Version}, found {after.Version}.");
    }

    [Fact]
    public async Task Inserting_a_silo_that_already_has_a_row_is_refused_and_keeps_the_version()
    {
        var table = await fixture.NewMembershipTableAsync();
        var entry = Entry();
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(_cancellation)).Version.Next(), _cancellation), "Expected the first insert to succeed.");
        var current = await table.ReadAllAsync(_cancellation);

        var again = await table.InsertRowAsync(Entry(entry.SiloAddress, SiloStatus.Active), current.Version.Next(), _cancellation);

        var after = await table.ReadAllAsync(_cancellation);
        Assert.False(again, "Expected a second insert of the same silo address to be refused.");
        Assert.True(after.Version == current.Version, $"Expected the refused insert to leave version {current.Version}, found {after.Version}.");
        Assert.True(after.Members[0].Item1.Status == SiloStatus.Joining, $"Expected the original row to stay Joining, found {after.Members[0].Item1.Status}.");
    }

    [Fact]
    public async Task Update_with_the_current_etags_replaces_the_entry_and_gives_it_a_new_etag()
    {
        var table = await fixture.NewMembershipTableAsync();
        var entry = Entry();
        await table.InsertRowAsync(entry, (await table.ReadAllAsync(_cancellation)).Version.Next(), _cancellation);
        var read = await table.ReadRowAsync(entry.SiloAddress, _cancellation);
        var etag = read.Members[0].Item2;

        var updated = await table.UpdateRowAsync(Entry(entry.SiloAddress, SiloStatus.Active, proxyPort: 30_000), etag, read.Version.Next(), _cancellation);

        var after = await table.ReadRowAsync(entry.SiloAddress, _cancellation);
        Assert.True(updated, "Expected an update carrying the current row etag and table version etag to succeed.");
        Assert.True(after.Members[0].Item1.Status == SiloStatus.Active, $"Expected the row to be Active after the update, found {after.Members[0].Item1.Status}.");
        Assert.True(after.Members[0].Item2 != etag, "Expected the update to give the row a new etag.");
        Assert.True(after.Version.Version == read.Version.Version + 1, $"Expected version {read.Version.Version + 1}, found {after.Version.Version}.");
    }

    [Fact]
    public async Task Update_with_a_stale_entry_etag_is_refused_and_changes_nothing()
    {
        var table = await fixture.NewMembershipTableAsync();
        var entry = Entry();
        await table.InsertRowAsync(entry, (await table.ReadAllAsync(_cancellation)).Version.Next(), _cancellation);
        var first = await table.ReadRowAsync(entry.SiloAddress, _cancellation);
        await table.UpdateRowAsync(Entry(entry.SiloAddress, SiloStatus.Active), first.Members[0].Item2, first.Version.Next(), _cancellation);
        var current = await table.ReadRowAsync(entry.SiloAddress, _cancellation);

        // The table version is current; only the row etag is the one from before the last update.
        var updated = await table.UpdateRowAsync(Entry(entry.SiloAddress, SiloStatus.Dead), first.Members[0].Item2, current.Version.Next(), _cancellation);

        var after = await table.ReadRowAsync(entry.SiloAddress, _cancellation);
        Assert.False(updated, "Expected an update carrying a stale row etag to be refused.");
        Assert.True(after.Members[0].Item1.Status == SiloStatus.Active, $"Expected the row to stay Active, found {after.Members[0].Item1.Status}.");
        Assert.True(after.Version == current.Version, $"Expected the refused update to leave version {current.Version}, found {after.Version}.");
    }

    [Fact]
    public async Task Update_with_a_stale_table_version_is_refused_and_changes_nothing()
    {
        var table = await fixture.NewMembershipTableAsync();
        var entry = Entry();
        var other = Entry();
        await table.InsertRowAsync(entry, (await table.ReadAllAsync(_cancellation)).Version.Next(), _cancellation);
        var read = await table.ReadRowAsync(entry.SiloAddress, _cancellation);
        Assert.True(await table.InsertRowAsync(other, read.Version.Next(), _cancellation), "Expected the second silo's insert to succeed.");

        // The row etag is current; only the table version moved on when the other silo joined.
        var updated = await table.UpdateRowAsync(Entry(entry.SiloAddress, SiloStatus.Active), read.Members[0].Item2, read.Version.Next(), _cancellation);

        var after = await table.ReadRowAsync(entry.SiloAddress, _cancellation);
        Assert.False(updated, "Expected an update carrying a stale table version etag to be refused.");
        Assert.True(after.Members[0].Item1.Status == SiloStatus.Joining, $"Expected the row to stay Joining, found {after.Members[0].Item1.Status}.");
        Assert.True(after.Members[0].Item2 == read.Members[0].Item2, "Expected the refused update to keep the row etag.");
    }

    [Fact]
    public async Task Update_of_a_silo_without_a_row_is_refused()
    {
        var table = await fixture.NewMembershipTableAsync();
        var version = (await table.ReadAllAsync(_cancellation)).Version;

        var updated = await table.UpdateRowAsync(Entry(), "no-such-etag", version.Next(), _cancellation);

        Assert.False(updated, "Expected an update of a silo that has no row to be refused.");
        Assert.True((await table.ReadAllAsync(_cancellation)).Version == version, "Expected the refused update to leave the table version.");
    }

    [Fact]
    public async Task Read_all_returns_every_row_with_its_etag_and_read_row_only_the_one_asked_for()
    {
        var table = await fixture.NewMembershipTableAsync();
        var first = Entry();
        var second = Entry();
        await table.InsertRowAsync(first, (await table.ReadAllAsync(_cancellation)).Version.Next(), _cancellation);
        await table.InsertRowAsync(second, (await table.ReadAllAsync(_cancellation)).Version.Next(), _cancellation);

        var all = await table.ReadAllAsync(_cancellation);
        var one = await table.ReadRowAsync(second.SiloAddress, _cancellation);

        Assert.True(all.Members.Count == 2, $"Expected both rows from ReadAll, found {all.Members.Count}.");
        Assert.True(all.Members.All(row => !string.IsNullOrEmpty(row.Item2)), "Expected every row read to carry its etag.");
        Assert.True(all.Version.Version == 2, $"Expected version 2 after two inserts, found {all.Version.Version}.");
        Assert.True(one.Members.Count == 1 && one.Members[0].Item1.SiloAddress.Equals(second.SiloAddress), "Expected ReadRow to return only the silo asked for.");
        Assert.True(one.Version == all.Version, $"Expected ReadRow to return the table version {all.Version}, found {one.Version}.");
        Assert.True(one.Members[0].Item2 == all.TryGet(second.SiloAddress)!.Item2, "Expected ReadRow and ReadAll to agree on the row etag.");
    }

    [Fact]
    public async Task Reading_a_silo_without_a_row_returns_no_entry_but_the_table_version()
    {
        var table = await fixture.NewMembershipTableAsync();
        await table.InsertRowAsync(Entry(), (await table.ReadAllAsync(_cancellation)).Version.Next(), _cancellation);

        var read = await table.ReadRowAsync(NewSiloAddress(), _cancellation);

        Assert.True(read.Members.Count == 0, $"Expected no entry for an unknown silo, found {read.Members.Count}.");
        Assert.True(read.Version.Version == 1, $"Expected the table version 1 all the same, found {read.Version.Version}.");
    }

    [Fact]
    public async Task I_am_alive_changes_only_the_heartbeat_so_etags_read_before_it_still_update()
    {
        var table = await fixture.NewMembershipTableAsync();
        var entry = Entry();
        await table.InsertRowAsync(entry, (await table.ReadAllAsync(_cancellation)).Version.Next(), _cancellation);
        var before = await table.ReadRowAsync(entry.SiloAddress, _cancellation);
        var heartbeat = Epoch.AddMinutes(5);

        await table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = heartbeat }, _cancellation);

        var after = await table.ReadRowAsync(entry.SiloAddress, _cancellation);
        var row = after.Members[0].Item1;
        Assert.True(row.IAmAliveTime == heartbeat, $"Expected the heartbeat {heartbeat:O}, found {row.IAmAliveTime:O}.");
        Assert.True(row.Status == SiloStatus.Joining && row.HostName == "host-a" && row.StartTime == Epoch, "Expected the heartbeat to leave every other field.");
        Assert.True(after.Members[0].Item2 == before.Members[0].Item2, "Expected the heartbeat to keep the row etag.");
        Assert.True(after.Version == before.Version, $"Expected the heartbeat to keep the table version {before.Version}, found {after.Version}.");
        Assert.True(
            await table.UpdateRowAsync(Entry(entry.SiloAddress, SiloStatus.Active), before.Members[0].Item2, before.Version.Next(), _cancellation),
            "Expected an update prepared before the heartbeat to succeed after it.");
    }

    [Fact]
    public async Task Every_field_and_the_suspect_times_round_trip()
    {
        var table = await fixture.NewMembershipTableAsync();
        var suspecter = NewSiloAddress();
        var entry = Entry(status: SiloStatus.Active, proxyPort: 30_001);
        entry.RoleName = null;
        entry.UpdateZone = 7;
        entry.FaultZone = 9;
        entry.StartTime = Epoch.AddTicks(1_230); // 123 µs: finer than seconds, as fine as timestamptz keeps.
        entry.IAmAliveTime = Epoch.AddSeconds(42);
        entry.AddSuspector(suspecter, Epoch.AddSeconds(50));
        entry.AddSuspector(entry.SiloAddress, Epoch.AddSeconds(51));

        await table.InsertRowAsync(entry, (await table.ReadAllAsync(_cancellation)).Version.Next(), _cancellation);
        var read = (await table.ReadRowAsync(entry.SiloAddress, _cancellation)).Members[0].Item1;

        Assert.Equal(entry.ToFullString(), read.ToFullString());
        Assert.True(read.SuspectTimes!.Count == 2, $"Expected both suspicion votes back, found {read.SuspectTimes.Count}.");
        Assert.True(read.SuspectTimes[0].Item1.Equals(suspecter) && read.SuspectTimes[0].Item2 == Epoch.AddSeconds(50), "Expected the first vote to keep its voter and time.");
        Assert.True(read.SiloAddress.Generation == entry.SiloAddress.Generation, "Expected the silo generation to round-trip.");
        Assert.True(read.StartTime == entry.StartTime && read.StartTime.Kind == DateTimeKind.Utc, $"Expected start time {entry.StartTime:O} in UTC, found {read.StartTime:O} ({read.StartTime.Kind}).");
        Assert.True(read.RoleName is null, "Expected a missing role name to stay missing.");
    }

    [Fact]
    public async Task Cleanup_removes_only_dead_rows_whose_last_update_is_before_the_cut_off()
    {
        var table = await fixture.NewMembershipTableAsync();
        var cutOff = Epoch.AddHours(1);
        var oldDead = Entry(status: SiloStatus.Dead);
        var oldActive = Entry(status: SiloStatus.Active);
        var recentDead = Entry(status: SiloStatus.Dead);
        recentDead.IAmAliveTime = cutOff.AddMinutes(1);

        // Beat long ago but was voted dead after the cut-off: Orleans counts the vote as its last update and keeps it.
        var recentlyDeclaredDead = Entry(status: SiloStatus.Dead);
        recentlyDeclaredDead.AddSuspector(NewSiloAddress(), cutOff.AddMinutes(2));
        foreach (var entry in new[] { oldDead, oldActive, recentDead, recentlyDeclaredDead })
        {
            await table.InsertRowAsync(entry, (await table.ReadAllAsync(_cancellation)).Version.Next(), _cancellation);
        }

        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(cutOff), _cancellation);

        var left = (await table.ReadAllAsync(_cancellation)).Members.Select(row => row.Item1.SiloAddress).ToHashSet();
        Assert.False(left.Contains(oldDead.SiloAddress), "Expected the dead row last updated before the cut-off to be removed.");
        Assert.True(left.Contains(oldActive.SiloAddress), "Expected a live row to stay however old its heartbeat.");
        Assert.True(left.Contains(recentDead.SiloAddress), "Expected a dead row whose heartbeat is after the cut-off to stay.");
        Assert.True(left.Contains(recentlyDeclaredDead.SiloAddress), "Expected a dead row voted dead after the cut-off to stay.");
    }

    [Fact]
    public async Task Two_cluster_ids_in_one_database_see_only_their_own_rows_and_versions()
    {
        var blue = await fixture.NewMembershipTableAsync();
        var green = await fixture.NewMembershipTableAsync();
        var shared = NewSiloAddress();
        await blue.InsertRowAsync(Entry(shared), (await blue.ReadAllAsync(_cancellation)).Version.Next(), _cancellation);
        await blue.InsertRowAsync(Entry(), (await blue.ReadAllAsync(_cancellation)).Version.Next(), _cancellation);

        var greenInserted = await green.InsertRowAsync(Entry(shared), (await green.ReadAllAsync(_cancellation)).Version.Next(), _cancellation);

        var blueData = await blue.ReadAllAsync(_cancellation);
        var greenData = await green.ReadAllAsync(_cancellation);
        Assert.True(greenInserted, "Expected the same silo address to be insertable in another cluster.");
        Assert.True(blueData.Members.Count == 2 && blueData.Version.Version == 2, $"Expected blue to keep its 2 rows at version 2, found {blueData.Members.Count} at {blueData.Version.Version}.");
        Assert.True(greenData.Members.Count == 1 && greenData.Version.Version == 1, $"Expected green to hold 1 row at version 1, found {greenData.Members.Count} at {greenData.Version.Version}.");
    }

    [Fact]
    public async Task Deleting_a_clusters_entries_removes_its_rows_and_version_but_no_other_clusters()
    {
        var doomedId = PostgresDatabaseFixture.NewId("cluster");
        var doomed = await fixture.NewMembershipTableAsync(doomedId);
        var kept = await fixture.NewMembershipTableAsync();
        await doomed.InsertRowAsync(Entry(), (await doomed.ReadAllAsync(_cancellation)).Version.Next(), _cancellation);
        await kept.InsertRowAsync(Entry(), (await kept.ReadAllAsync(_cancellation)).Version.Next(), _cancellation);

        await kept.DeleteMembershipTableEntriesAsync(doomedId, _cancellation);

        var doomedData = await doomed.ReadAllAsync(_cancellation);
        Assert.True(doomedData.Members.Count == 0, $"Expected the deleted cluster to have no rows, found {doomedData.Members.Count}.");
        Assert.True(doomedData.Version.Version == 0, $"Expected the deleted cluster to have lost its version row, found version {doomedData.Version.Version}.");
        Assert.True((await kept.ReadAllAsync(_cancellation)).Members.Count == 1, "Expected the other cluster to keep its row.");
    }

    [Fact]
    public async Task Of_concurrent_inserts_carrying_the_same_table_version_exactly_one_wins()
    {
        var table = await fixture.NewMembershipTableAsync();
        var version = (await table.ReadAllAsync(_cancellation)).Version.Next();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<bool> InsertAsync()
        {
            await start.Task;
            return await table.InsertRowAsync(Entry(), version, _cancellation);
        }

        var inserts = Enumerable.Range(0, 6).Select(_ => Task.Run(InsertAsync)).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(inserts).Within("six concurrent inserts");

        var data = await table.ReadAllAsync(_cancellation);
        Assert.True(results.Count(won => won) == 1, $"Expected exactly one of six concurrent inserts to win, {results.Count(won => won)} did.");
        Assert.True(data.Members.Count == 1 && data.Version.Version == version.Version, $"Expected one row at version {version.Version}, found {data.Members.Count} at {data.Version.Version}.");
    }
}
