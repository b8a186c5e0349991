using System.Diagnostics;
using System.Text.Json;
using OrleansCsms.Cluster.Tests.Infrastructure;

namespace OrleansCsms.Cluster.Tests;

/// <summary>A front-end holds nothing but sockets: when it stops, its charge points reconnect elsewhere and stay reachable (guarantee 5).</summary>
[Collection(LocationTransparencyCollection.Name)]
public sealed class FrontEndStopTests(TestCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Charge_points_of_a_stopped_front_end_reconnect_through_another_and_operator_commands_still_reach_them()
    {
        if (cluster.LiveFrontEnds.Count < 2)
        {
            await cluster.AddFrontEndAsync();
        }

        var (stopped, survivor) = (cluster.LiveFrontEnds[0], cluster.LiveFrontEnds[1]);
        var prefix = Guid.NewGuid().ToString("N")[..6];
        var chargePoints = Enumerable.Range(0, 6).Select(i => new TestChargePoint($"FE-{prefix}-{i}")).ToList();
        var onStopped = chargePoints.Where((_, i) => i % 2 == 0).ToList();
        try
        {
            foreach (var (chargePoint, i) in chargePoints.Select((c, i) => (c, i)))
            {
                await ConnectAndBootAsync(chargePoint, i % 2 == 0 ? stopped : survivor);
            }

            // Through the surviving front-end to a socket on the other one, before anything breaks.
            await AssertRemoteStartReachesAsync(survivor, onStopped[0], "before the stop");

            var stopping = Stopwatch.StartNew();
            var stop = cluster.StopFrontEndAsync(cluster.FrontEnds.ToList().IndexOf(stopped));
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
                await AssertRemoteStartReachesAsync(survivor, chargePoint, $"after {stopped.Name} stopped");
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

    private static async Task ConnectAndBootAsync(TestChargePoint chargePoint, HostProcess frontEnd)
    {
        await chargePoint.ConnectAsync(frontEnd.OcppUri(chargePoint.Id), Step);
        var boot = await chargePoint.CallAsync("BootNotification", new { chargePointVendor = "ClusterTests", chargePointModel = "FrontEndStop" }, Step);
        Assert.Equal("Accepted", boot.GetProperty("status").GetString());
    }

    private async Task AssertRemoteStartReachesAsync(HostProcess frontEnd, TestChargePoint chargePoint, string phase)
    {
        var seenBefore = chargePoint.ServerCalls.Count(a => a == "RemoteStartTransaction");
        var (status, body) = await cluster.ApiOf(frontEnd).RemoteStartAsync(chargePoint.Id, 1, "TAG-" + chargePoint.Id[^8..]);
        Assert.True(status == 200, $"POST remote-start for {chargePoint.Id} via {frontEnd.Name} {phase} should answer 200, but answered {status}: {body}");
        Assert.Equal("Accepted", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
        Assert.True(chargePoint.ServerCalls.Count(a => a == "RemoteStartTransaction") > seenBefore,
            $"Charge point {chargePoint.Id} should have received RemoteStartTransaction {phase}; it received [{string.Join(", ", chargePoint.ServerCalls)}].");
    }
}
