using OrleansCsms.Cluster.Tests.Infrastructure;

namespace OrleansCsms.Cluster.Tests;

/// <summary>Guarantee 6: killing a silo under load moves its partitions to survivors within seconds, with no acknowledged data lost.</summary>
[Collection(SiloFailoverCollection.Name)]
public sealed class SiloFailoverTests(TestCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_a_silo_under_load_moves_its_partitions_within_seconds_and_loses_no_acknowledged_transaction_data()
    {
        var (before, _) = await cluster.WaitForBalanceAsync(TimeSpan.FromSeconds(30));
        var victim = cluster.LiveSilos[^1];
        var victimId = before.SiloIdAt(victim.BaseAddress);
        await using var fleet = await ChargingFleet.StartAsync(cluster, count: 10, meterValuesPerTransaction: 3);
        await fleet.WaitForCompletedTransactionsAsync(TimeSpan.Zero, perChargePoint: 1, TimeSpan.FromSeconds(30), "before the kill");

        var killedAt = fleet.Ledger.Now;
        cluster.KillSilo(cluster.Silos.ToList().IndexOf(victim));
        var (after, failover) = await Poll.UntilAsync(
            cluster.Api.GetClusterAsync,
            view => view.Partitions.All(p => p.Owner is { } owner && owner != victimId),
            TimeSpan.FromSeconds(20),
            $"every partition of killed {victim.Name} ({victimId}) to have a live owner",
            view => view.Describe());
        output.WriteLine($"Failover: all {after.Partitions.Count} partitions owned again {failover.TotalSeconds:0.00} s after kill -9 of {victim.Name} " +
            $"(lease {cluster.Options.LeaseDuration.TotalSeconds:0.#} s, heartbeat {cluster.Options.HeartbeatInterval.TotalSeconds:0.#} s).");
        var bound = TimeSpan.FromSeconds(5) + cluster.Options.HeartbeatInterval;
        Assert.True(failover <= bound, $"The killed silo's partitions should be owned again within {bound.TotalSeconds:0.0} s, but it took {failover.TotalSeconds:0.00} s.");

        await fleet.WaitForCompletedTransactionsAsync(killedAt, perChargePoint: 2, TimeSpan.FromSeconds(60), "after the kill");
        await fleet.StopAsync();
        output.WriteLine(fleet.Ledger.Summary());

        Assert.True(fleet.Ledger.Reconnects == 0, $"Charge points should keep their sockets when a silo dies (front-ends hold them), but they reconnected {fleet.Ledger.Reconnects} times.");
        var chargePointIds = fleet.ChargePoints.Select(c => c.Id).ToArray();
        var discrepancies = await TransactionBooks.FindDiscrepanciesAsync(cluster.Database.DataSource, fleet.Ledger, chargePointIds);
        Assert.True(discrepancies.Count == 0,
            $"Everything acknowledged should be in PostgreSQL after the kill, but {discrepancies.Count} discrepancies:\n{string.Join('\n', discrepancies.Take(20))}");
        output.WriteLine($"Stored transactions whose start was never acknowledged (answer lost with the silo): " +
            $"{await TransactionBooks.CountUnacknowledgedStartsAsync(cluster.Database.DataSource, fleet.Ledger, chargePointIds)}");
    }
}
