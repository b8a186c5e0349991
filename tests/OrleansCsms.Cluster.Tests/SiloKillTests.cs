using System.Diagnostics;
using System.Globalization;
using OrleansCsms.Cluster.Tests.Infrastructure;

namespace OrleansCsms.Cluster.Tests;

/// <summary>
/// kill -9 of a silo: its grains serve again on the survivor within seconds, nothing acknowledged is lost, and the
/// charge points, whose sockets the front-ends hold, never notice beyond a retried message.
/// </summary>
[Collection(SiloFailoverCollection.Name)]
public sealed class SiloKillTests(TestCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan ServingAgainWithin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Killing_a_silo_during_a_transaction_storm_loses_no_acknowledged_message_and_its_grains_serve_again_within_5_s()
    {
        await cluster.EnsureSilosAsync(2);
        await using var fleet = await ChargingFleet.StartAsync(cluster, count: 12, meterValuesPerTransaction: 3);
        await fleet.WaitForCompletedTransactionsAsync(TimeSpan.Zero, perChargePoint: 1, TimeSpan.FromSeconds(30), "before the kill");
        var chargePointIds = fleet.ChargePoints.Select(c => c.Id).ToArray();
        var (victim, homedOnVictim) = await cluster.SiloHoldingMostOfAsync(chargePointIds);

        var killedAt = fleet.Ledger.Now;
        victim.Kill();
        var (_, declaredDead) = await cluster.WaitForMembershipAsync(Step);
        output.WriteLine($"{victim.Name}, holding the grains of {homedOnVictim.Count} of {chargePointIds.Length} charge points, killed with kill -9; " +
            $"the cluster view showed it gone {declaredDead.TotalSeconds:0.00} s later.");

        await fleet.WaitForCompletedTransactionsAsync(killedAt, perChargePoint: 2, TimeSpan.FromSeconds(60), "after the kill");
        var longest = fleet.Ledger.LongestWaitSince(killedAt, chargePointIds);
        var retriedAfterKill = fleet.Ledger.Retries.Where(r => r.At > killedAt).ToList();
        output.WriteLine($"Failover: grains serving again {longest.Wait.TotalSeconds:0.00} s after kill -9 of {victim.Name} " +
            $"(the longest any charge point waited for an acknowledgement after the kill, {longest.ChargePointId}; bound {ServingAgainWithin.TotalSeconds:0} s); " +
            $"its retries: [{string.Join(", ", retriedAfterKill.Where(r => r.ChargePointId == longest.ChargePointId).Select(r => $"{r.Kind} at +{(r.At - killedAt).TotalSeconds:0.00} s"))}].");
        await fleet.StopAsync();
        output.WriteLine(fleet.Ledger.Summary());
        var starts = fleet.Ledger.Starts;
        output.WriteLine($"{starts.Count} acknowledged starts got {starts.Select(s => s.TransactionId).Distinct().Count()} distinct transaction ids.");
        output.WriteLine($"Stored transactions whose start was never acknowledged (answer lost with the silo, never resent): " +
            $"{await TransactionBooks.CountUnacknowledgedStartsAsync(cluster.DataSource, fleet.Ledger, chargePointIds)}");

        Assert.True(retriedAfterKill.Count > 0,
            $"The kill of {victim.Name} should have cut calls in flight to the grains it held, but no charge point had to resend anything: this run proved nothing about failover.");
        Assert.True(longest.Wait <= ServingAgainWithin,
            $"Every charge point's grains should serve again within {ServingAgainWithin.TotalSeconds:0} s of the kill, but {longest.ChargePointId} waited {longest.Wait.TotalSeconds:0.00} s " +
            $"for an acknowledgement. Retried after the kill: {string.Join(", ", retriedAfterKill.Take(10).Select(r => $"{r.ChargePointId} {r.Kind} at +{(r.At - killedAt).TotalSeconds:0.00} s"))}");
        Assert.True(fleet.Ledger.Reconnects == 0,
            $"Charge points should keep their sockets when a silo dies (front-ends hold them), but they reconnected {fleet.Ledger.Reconnects} times.");
        var discrepancies = await TransactionBooks.FindDiscrepanciesAsync(cluster.DataSource, fleet.Ledger, chargePointIds);
        Assert.True(discrepancies.Count == 0,
            $"Every acknowledged message should be in PostgreSQL after the kill and no transaction id issued twice, but {discrepancies.Count} discrepancies:\n{string.Join('\n', discrepancies.Take(20))}");
    }

    [Fact]
    public async Task Idle_charge_points_keep_their_sockets_and_a_remote_start_reaches_them_once_every_silo_their_front_end_knew_has_died()
    {
        await cluster.EnsureSilosAsync(2);
        await cluster.EnsureFrontEndsAsync(2);

        // The charge points sit idle on one front-end; operators go through the other, which also watches the cluster view.
        var (viaFrontEnd, holder) = (cluster.LiveFrontEnds[0], cluster.LiveFrontEnds[^1]);
        var original = cluster.LiveSilos;
        var chargePoints = Enumerable.Range(0, 6).Select(_ => new ReconnectingChargePoint(Fresh.ChargePointId("RS"))).ToList();
        try
        {
            foreach (var chargePoint in chargePoints)
            {
                await chargePoint.ConnectAsync(holder.OcppUri(chargePoint.Id), Step);
                var boot = await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification(), Step);
                Assert.True(boot.GetProperty("status").GetString() == "Accepted", $"Charge point {chargePoint.Id} should be accepted, but BootNotification answered {boot}.");
            }

            // A silo joins after the holder last sent anything, so the holder has no connection to it: the survivor
            // can reach the holder's sockets only if the holder connects to it by itself once its gateways are gone.
            var newcomer = await cluster.AddSiloAsync();
            await cluster.WaitForMembershipAsync(Step);
            // One after the other, as in a rolling replacement: the survivor of a cluster losing most of its silos at
            // once is, rightly, slow to believe it is not the one cut off.
            var killed = Stopwatch.StartNew();
            foreach (var silo in original)
            {
                silo.Kill();
                await cluster.WaitForMembershipAsync(Step);
            }

            output.WriteLine($"Killed {string.Join(" and then ", original.Select(s => s.Name))} ({killed.Elapsed.TotalSeconds:0.00} s until the cluster view showed only {newcomer.Name}, which joined after the charge points booted).");
            foreach (var chargePoint in chargePoints)
            {
                await cluster.AssertRemoteStartReachesAsync(viaFrontEnd, chargePoint, $"after {holder.Name}'s gateways died");
                output.WriteLine($"Remote start reached {chargePoint.Id} on {holder.Name} {killed.Elapsed.TotalSeconds:0.00} s after the kill.");
            }

            Assert.All(chargePoints, c => Assert.False(c.Disconnected.IsCompleted,
                $"Charge point {c.Id} should have kept its socket to {holder.Name} while silos died, but lost it."));
            var placements = await (await cluster.LocatorAsync()).SiloPortsOfChargePointsAsync(chargePoints.Select(c => c.Id), Step);
            Assert.All(placements, p => Assert.True(p.Value == newcomer.Ports.Silo,
                $"Charge point {p.Key}'s grain should have moved to {newcomer.Name} (silo port {newcomer.Ports.Silo}), but it is at silo port {p.Value?.ToString(CultureInfo.InvariantCulture) ?? "none"}."));
        }
        finally
        {
            foreach (var chargePoint in chargePoints)
            {
                await chargePoint.DisposeAsync();
            }
        }
    }
}
