using System.Diagnostics;
using OrleansCsms.Cluster.Tests.Infrastructure;

namespace OrleansCsms.Cluster.Tests;

/// <summary>Guarantee 7: silos join at runtime, partitions rebalance, and charge points carry on without noticing.</summary>
[Collection(ElasticityCollection.Name)]
public sealed class ElasticityTests(TestCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task A_silo_joining_under_load_takes_its_fair_share_while_every_message_still_succeeds()
    {
        await cluster.WaitForBalanceAsync(TimeSpan.FromSeconds(30));
        await using var fleet = await ChargingFleet.StartAsync(cluster, count: 10, meterValuesPerTransaction: 3);
        await fleet.WaitForCompletedTransactionsAsync(TimeSpan.Zero, perChargePoint: 1, TimeSpan.FromSeconds(30), "before the new silo joins");

        var joinedAt = fleet.Ledger.Now;
        var joining = Stopwatch.StartNew();
        var silo = await cluster.AddSiloAsync();
        var ready = joining.Elapsed;
        var (view, _) = await cluster.WaitForBalanceAsync(TimeSpan.FromSeconds(20));
        output.WriteLine($"{silo.Name} was ready {ready.TotalSeconds:0.00} s after launch; partitions balanced {joining.Elapsed.TotalSeconds:0.00} s after launch: {view.Describe()}");

        await fleet.WaitForCompletedTransactionsAsync(joinedAt, perChargePoint: 2, TimeSpan.FromSeconds(60), "after the new silo joined");
        await fleet.StopAsync();
        output.WriteLine(fleet.Ledger.Summary());

        Assert.True(fleet.Ledger.Reconnects == 0, $"Charge points should stay connected while a silo joins, but they reconnected {fleet.Ledger.Reconnects} times.");
        var discrepancies = await TransactionBooks.FindDiscrepanciesAsync(cluster.Database.DataSource, fleet.Ledger, [.. fleet.ChargePoints.Select(c => c.Id)]);
        Assert.True(discrepancies.Count == 0,
            $"Everything acknowledged while partitions moved should be in PostgreSQL, but {discrepancies.Count} discrepancies:\n{string.Join('\n', discrepancies.Take(20))}");
    }
}
