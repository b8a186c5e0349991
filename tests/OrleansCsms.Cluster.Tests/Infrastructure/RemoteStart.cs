using System.Net;
using System.Text.Json;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>The operator's remote start as the tests check it: through one front-end, to a charge point's socket wherever it is.</summary>
public static class RemoteStart
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>
    /// POST remote-start through <paramref name="frontEnd"/>: 200 with the charge point's Accepted, and the charge point
    /// got the call. A 503 (the grain is still moving) is retried, as an operator would; any other answer fails.
    /// </summary>
    public static async Task AssertRemoteStartReachesAsync(this TestCluster cluster, HostProcess frontEnd, ReconnectingChargePoint chargePoint, string phase)
    {
        var seenBefore = chargePoint.ServerCalls.Count(a => a == "RemoteStartTransaction");
        var (answer, _) = await Poll.UntilAsync(
            async _ => await cluster.ApiOf(frontEnd).RemoteStartAsync(chargePoint.Id, 1, Fresh.IdTag()),
            reply => reply.Status != HttpStatusCode.ServiceUnavailable,
            Deadline,
            $"POST remote-start for {chargePoint.Id} via {frontEnd.Name} {phase} to answer other than 503",
            reply => $"{(int)reply.Status}: {reply.Body}");
        Assert.True(answer.Status == HttpStatusCode.OK,
            $"POST remote-start for {chargePoint.Id} via {frontEnd.Name} {phase} should answer 200, but answered {(int)answer.Status}: {answer.Body}\n{cluster.Describe(10)}");
        Assert.True(JsonDocument.Parse(answer.Body).RootElement.GetProperty("status").GetString() == "Accepted",
            $"POST remote-start for {chargePoint.Id} {phase} should pass on the charge point's Accepted, but answered {answer.Body}");
        Assert.True(chargePoint.ServerCalls.Count(a => a == "RemoteStartTransaction") > seenBefore,
            $"Charge point {chargePoint.Id} should have received RemoteStartTransaction {phase}; it received [{string.Join(", ", chargePoint.ServerCalls)}].");
    }
}
