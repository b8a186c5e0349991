using System.Diagnostics;
using OrleansCsms.Cluster.Tests.Infrastructure;

namespace OrleansCsms.Cluster.Tests;

/// <summary>A front-end holds nothing but sockets: when it stops, its charge points reconnect elsewhere and stay reachable.</summary>
[Collection(ClusterChangesCollection.Name)]
public sealed class FrontEndStopTests(TestCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Charge_points_of_a_stopped_front_end_reconnect_through_another_and_operator_commands_reach_them_there()
    {
        await cluster.EnsureFrontEndsAsync(2);
        var (stopped, survivor) = (cluster.LiveFrontEnds[0], cluster.LiveFrontEnds[1]);
        var chargePoints = Enumerable.Range(0, 6).Select(_ => new ReconnectingChargePoint(Fresh.ChargePointId("FE"))).ToList();
        var onStopped = chargePoints.Where((_, i) => i % 2 == 0).ToList();
        try
        {
            foreach (var (chargePoint, i) in chargePoints.Select((c, i) => (c, i)))
            {
                await ConnectAndBootAsync(chargePoint, i % 2 == 0 ? stopped : survivor);
            }

            // Through the surviving front-end to a socket on the other one, before anything changes.
            await cluster.AssertRemoteStartReachesAsync(survivor, onStopped[0], "before the stop");

            var stopping = Stopwatch.StartNew();
            var stop = cluster.StopAsync(stopped);
            foreach (var chargePoint in onStopped)
            {
                var lost = await Task.WhenAny(chargePoint.Disconnected, Task.Delay(TimeSpan.FromSeconds(5)));
                Assert.True(lost == chargePoint.Disconnected,
                    $"Charge point {chargePoint.Id} should lose its socket when {stopped.Name} stops, but it was still open after 5 s.\n{stopped.LogTail()}");
                output.WriteLine($"{chargePoint.Id} lost its socket {stopping.Elapsed.TotalSeconds:0.00} s after SIGTERM to {stopped.Name}.");
                await ConnectAndBootAsync(chargePoint, survivor);
            }

            await stop;
            output.WriteLine($"{stopped.Name} exited {stopping.Elapsed.TotalSeconds:0.00} s after SIGTERM.");
            Assert.All(chargePoints, c => Assert.True(c.IsConnected, $"Charge point {c.Id} should be connected to {survivor.Name} after the stop."));

            foreach (var chargePoint in chargePoints)
            {
                await cluster.AssertRemoteStartReachesAsync(survivor, chargePoint, $"after {stopped.Name} stopped");
            }
        }
        finally
        {
            foreach (var chargePoint in chargePoints)
            {
                await chargePoint.DisposeAsync();
            }
        }
    }

    private static async Task ConnectAndBootAsync(ReconnectingChargePoint chargePoint, HostProcess frontEnd)
    {
        await chargePoint.ConnectAsync(frontEnd.OcppUri(chargePoint.Id), Step);
        var boot = await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification(), Step);
        Assert.True(boot.GetProperty("status").GetString() == "Accepted",
            $"Charge point {chargePoint.Id} should be accepted by {frontEnd.Name}, but BootNotification answered {boot}.");
    }
}
