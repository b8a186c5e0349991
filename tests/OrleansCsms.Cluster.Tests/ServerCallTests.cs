using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OrleansCsms.Cluster.Tests.Infrastructure;

namespace OrleansCsms.Cluster.Tests;

/// <summary>Server-initiated calls in a cluster, where the front-end serving the operator is an Orleans client of the silos.</summary>
[Collection(ClusterChangesCollection.Name)]
public sealed class ServerCallTests(TestCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_charge_point_answering_slower_than_the_clusters_response_timeout_still_gets_its_answer_to_the_operator()
    {
        // Slower than the 3 s a grain call may take in the cluster, well within the 10 s the charge point is given.
        await using var chargePoint = new ReconnectingChargePoint(Fresh.ChargePointId("SLOW")) { AnswerDelay = TimeSpan.FromSeconds(4) };
        var frontEnd = cluster.LiveFrontEnds[0];
        await chargePoint.ConnectAsync(frontEnd.OcppUri(chargePoint.Id), Step);
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification(), Step);

        var took = Stopwatch.StartNew();
        var (status, body) = await cluster.ApiOf(frontEnd).RemoteStartAsync(chargePoint.Id, 1, Fresh.IdTag());
        output.WriteLine($"The operator got {(int)status} {took.Elapsed.TotalSeconds:0.00} s after asking: {body}");

        // Nothing is moving in the cluster, so a 503 here is no failover: it is the answer given up on.
        Assert.True(status == HttpStatusCode.OK && JsonDocument.Parse(body).RootElement.GetProperty("status").GetString() == "Accepted",
            $"POST remote-start should pass on the Accepted the charge point sent after 4 s, but answered {(int)status} after {took.Elapsed.TotalSeconds:0.00} s: {body}");
        Assert.True(chargePoint.ServerCalls.Count == 1,
            $"The charge point should have received the one RemoteStartTransaction asked for, but received [{string.Join(", ", chargePoint.ServerCalls)}].");
    }
}
