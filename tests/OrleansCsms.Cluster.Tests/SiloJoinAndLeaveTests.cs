using System.Diagnostics;
using OrleansCsms.Cluster.Tests.Infrastructure;

namespace OrleansCsms.Cluster.Tests;

/// <summary>Silos join and leave a cluster under load; charge points carry on without a single failed call.</summary>
[Collection(ClusterChangesCollection.Name)]
public sealed class SiloJoinAndLeaveTests(TestCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_silo_joining_under_load_shows_in_the_cluster_view_and_no_call_fails()
    {
        await using var fleet = await ChargingFleet.StartAsync(cluster, count: 10, meterValuesPerTransaction: 3);
        await fleet.WaitForCompletedTransactionsAsync(TimeSpan.Zero, perChargePoint: 1, TimeSpan.FromSeconds(30), "before the new silo joins");

        var joinedAt = fleet.Ledger.Now;
        var joining = Stopwatch.StartNew();
        var silo = await cluster.AddSiloAsync();
        var ready = joining.Elapsed;
        var (view, _) = await cluster.WaitForMembershipAsync(Step);
        output.WriteLine($"{silo.Name} was ready {ready.TotalSeconds:0.00} s after launch; the cluster view showed it active {joining.Elapsed.TotalSeconds:0.00} s after launch: {view.Describe()}");

        await fleet.WaitForCompletedTransactionsAsync(joinedAt, perChargePoint: 2, TimeSpan.FromSeconds(60), "after the new silo joined");
        await fleet.StopAsync();
        output.WriteLine(fleet.Ledger.Summary());
        output.WriteLine($"After: {(await cluster.Api.GetClusterAsync()).Describe()}");

        AssertNothingFailed(fleet, $"while {silo.Name} joined");
        var discrepancies = await TransactionBooks.FindDiscrepanciesAsync(cluster.DataSource, fleet.Ledger, [.. fleet.ChargePoints.Select(c => c.Id)]);
        Assert.True(discrepancies.Count == 0,
            $"Everything acknowledged while a silo joined should be in PostgreSQL, but {discrepancies.Count} discrepancies:\n{string.Join('\n', discrepancies.Take(20))}");
    }

    [Fact]
    public async Task A_silo_stopped_gracefully_under_load_hands_its_grains_over_without_a_failed_call()
    {
        await cluster.EnsureSilosAsync(2);
        await using var fleet = await ChargingFleet.StartAsync(cluster, count: 10, meterValuesPerTransaction: 3);
        await fleet.WaitForCompletedTransactionsAsync(TimeSpan.Zero, perChargePoint: 1, TimeSpan.FromSeconds(30), "before the stop");
        var (leaving, homedThere) = await cluster.SiloHoldingMostOfAsync(fleet.ChargePoints.Select(c => c.Id));

        var stoppedAt = fleet.Ledger.Now;
        var stopping = Stopwatch.StartNew();
        await cluster.StopAsync(leaving);
        output.WriteLine($"{leaving.Name}, holding the grains of {homedThere.Count} of {fleet.ChargePoints.Count} charge points, exited {stopping.Elapsed.TotalSeconds:0.00} s after SIGTERM.");
        await cluster.WaitForMembershipAsync(Step);

        await fleet.WaitForCompletedTransactionsAsync(stoppedAt, perChargePoint: 2, TimeSpan.FromSeconds(60), $"after {leaving.Name} stopped");
        var longest = fleet.Ledger.LongestWaitSince(stoppedAt, fleet.ChargePoints.Select(c => c.Id));
        output.WriteLine($"Hand-over: the longest any charge point waited for an acknowledgement after SIGTERM was {longest.Wait.TotalSeconds:0.00} s ({longest.ChargePointId}).");
        await fleet.StopAsync();
        output.WriteLine(fleet.Ledger.Summary());

        AssertNothingFailed(fleet, $"while {leaving.Name} stopped gracefully");
        var discrepancies = await TransactionBooks.FindDiscrepanciesAsync(cluster.DataSource, fleet.Ledger, [.. fleet.ChargePoints.Select(c => c.Id)]);
        Assert.True(discrepancies.Count == 0,
            $"Everything acknowledged while a silo handed over should be in PostgreSQL, but {discrepancies.Count} discrepancies:\n{string.Join('\n', discrepancies.Take(20))}");
    }

    private void AssertNothingFailed(ChargingFleet fleet, string phase)
    {
        var retries = fleet.Ledger.Retries;
        Assert.True(retries.Count == 0,
            $"No charge point should have had to resend a message {phase}, but {retries.Count} were resent: " +
            $"{string.Join(", ", retries.Take(10).Select(r => $"{r.ChargePointId} {r.Kind}"))}\n{cluster.Describe(15)}");
        Assert.True(fleet.Ledger.Reconnects == 0, $"Charge points should stay connected {phase}, but they reconnected {fleet.Ledger.Reconnects} times.");
    }
}
