using OrleansCsms.Cluster.Tests.Infrastructure;

namespace OrleansCsms.Cluster.Tests;

/// <summary>PostgreSQL is the source of truth: when it restarts, the cluster recovers by itself and what it acknowledged survives.</summary>
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_PostgreSQL_restarts_the_cluster_recovers_by_itself_and_keeps_everything_it_acknowledged()
    {
        if (PrivatePostgres.WhyUnavailable() is { } reason)
        {
            // xunit 2 has no dynamic skip: say loudly that nothing was checked instead of failing where it cannot run.
            output.WriteLine($"NOT RUN: restarting PostgreSQL needs a private server, but {reason}. This test checked nothing.");
            return;
        }

        await using var server = await PrivatePostgres.CreateAsync();
        var cluster = new TestCluster(new TestClusterOptions { Silos = 2, FrontEnds = 1, PostgresServer = server.ServerConnectionString });
        try
        {
            await cluster.InitializeAsync();
            await using var fleet = await ChargingFleet.StartAsync(cluster, count: 6, meterValuesPerTransaction: 3);
            await fleet.WaitForCompletedTransactionsAsync(TimeSpan.Zero, perChargePoint: 1, TimeSpan.FromSeconds(30), "before PostgreSQL restarts");

            var restartedAt = fleet.Ledger.Now;
            var outage = await server.RestartAsync(downtime: TimeSpan.FromSeconds(2));
            output.WriteLine($"PostgreSQL on port {server.Port} was down for {outage.TotalSeconds:0.0} s.");

            await fleet.WaitForCompletedTransactionsAsync(restartedAt, perChargePoint: 2, TimeSpan.FromSeconds(90), "after PostgreSQL restarted");
            var (view, _) = await cluster.WaitForBalanceAsync(TimeSpan.FromSeconds(30));
            output.WriteLine($"Partitions owned again and balanced: {view.Describe()}");
            await fleet.StopAsync();
            output.WriteLine(fleet.Ledger.Summary());

            Assert.All(cluster.Silos.Concat(cluster.FrontEnds), process =>
                Assert.False(process.HasExited, $"{process.Name} should ride out the PostgreSQL restart, but it exited.\n{process.LogTail()}"));
            var discrepancies = await TransactionBooks.FindDiscrepanciesAsync(cluster.Database.DataSource, fleet.Ledger, [.. fleet.ChargePoints.Select(c => c.Id)]);
            Assert.True(discrepancies.Count == 0,
                $"Everything acknowledged before and after the restart should be in PostgreSQL, but {discrepancies.Count} discrepancies:\n{string.Join('\n', discrepancies.Take(20))}");
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
