using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

[Collection(GrainSiloCollection.Name)]
public sealed class SecurityEventLogGrainTests(GrainSiloFixture fixture)
{
    [Fact]
    public async Task The_log_keeps_the_most_recent_events_and_counts_the_ones_it_dropped()
    {
        await using var silo = await fixture.StartSiloAsync(new Dictionary<string, string?> { ["Ocpp:SecurityEventsKept"] = "3" });
        var log = silo.Grains.GetGrain<ISecurityEventLogGrain>(Fresh.ChargePointId());
        var start = DateTimeOffset.UtcNow;

        for (var i = 0; i < 5; i++)
        {
            await log.RecordAsync(new SecurityEventReport(i % 2 == 0 ? "InvalidMessages" : "MemoryExhaustion", start.AddSeconds(i), $"event {i}"));
        }

        var page = await log.ListAsync(null, 1, 10);
        Assert.True(
            page is { TotalCount: 3, Discarded: 2 } && page.Items.Select(e => e.TechInfo).SequenceEqual(["event 4", "event 3", "event 2"]),
            $"Expected events 4, 3 and 2 kept and 2 counted as dropped, but got [{string.Join(", ", page.Items.Select(e => e.TechInfo))}] with {page.Discarded} dropped.");
        Assert.True(page.Items[1] is { Type: "MemoryExhaustion", Critical: true, Sequence: 3 } && page.Items[0] is { Critical: false },
            $"Expected MemoryExhaustion marked critical and InvalidMessages not, but got {string.Join(", ", page.Items)}.");
    }

    [Fact]
    public async Task Recorded_events_survive_the_grain_being_activated_on_another_cluster()
    {
        var id = Fresh.ChargePointId();
        await fixture.Silo.Grains.GetGrain<ISecurityEventLogGrain>(id).RecordAsync(new SecurityEventReport("SettingSystemTime", DateTimeOffset.UtcNow, null));
        await using var other = await fixture.StartSiloAsync();

        var page = await other.Grains.GetGrain<ISecurityEventLogGrain>(id).ListAsync(null, 1, 10);

        Assert.True(page.Items is [{ Type: "SettingSystemTime", Critical: true }], $"Expected the stored event to be read back, but got {page.Items.Count} events.");
    }

    [Fact]
    public async Task Pages_follow_on_from_each_other_newest_first()
    {
        var log = fixture.Silo.Grains.GetGrain<ISecurityEventLogGrain>(Fresh.ChargePointId());
        for (var i = 0; i < 5; i++)
        {
            await log.RecordAsync(new SecurityEventReport("InvalidMessages", DateTimeOffset.UtcNow, $"event {i}"));
        }

        var second = await log.ListAsync("InvalidMessages", 2, 2);

        Assert.True(second is { TotalCount: 5 } && second.Items.Select(e => e.TechInfo).SequenceEqual(["event 2", "event 1"]),
            $"Expected the second page of two to hold events 2 and 1, but it held [{string.Join(", ", second.Items.Select(e => e.TechInfo))}].");
    }
}
