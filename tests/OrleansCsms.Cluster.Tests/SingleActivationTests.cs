using System.Text.Json;
using OrleansCsms.Cluster.Tests.Infrastructure;

namespace OrleansCsms.Cluster.Tests;

/// <summary>
/// Guarantees 1 and 5 across silos: a grain called by a grain on another silo runs on its owner, so there is one
/// activation of it in the whole cluster, and operators see and change the same state charge points do.
/// </summary>
[Collection(LocationTransparencyCollection.Name)]
public sealed class SingleActivationTests(TestCluster cluster)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_id_tag_used_by_a_charge_point_homed_on_another_silo_has_one_state_that_operators_see_and_change()
    {
        if (cluster.LiveSilos.Count < 2)
        {
            await cluster.AddSiloAsync();
        }

        var (view, _) = await cluster.WaitForBalanceAsync(Step);
        var (chargePointId, idTag) = KeysOnDifferentSilos(view);
        var api = cluster.Api;
        var (created, createdBody) = await api.PutIdTagAsync(idTag, "Accepted");
        Assert.True(created is 200 or 201, $"PUT /api/id-tags/{idTag} should create the tag, but answered {created}: {createdBody}");

        await using var chargePoint = new TestChargePoint(chargePointId);
        await chargePoint.ConnectAsync(api.FrontEnd.OcppUri(chargePointId), Step);
        var start = await chargePoint.CallAsync("StartTransaction",
            new { connectorId = 1, idTag, meterStart = 0, timestamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) }, Step);
        var transactionId = start.GetProperty("transactionId").GetInt32();

        var (read, readBody) = await api.GetIdTagAsync(idTag);
        Assert.True(read == 200, $"GET /api/id-tags/{idTag} should answer 200, but answered {read}: {readBody}");
        var active = JsonDocument.Parse(readBody).RootElement.GetProperty("activeTransactionIds").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.True(active.Contains(transactionId),
            $"Id tag {idTag} (owned by {view.OwnerOf("IdTag", idTag)}) should show transaction {transactionId}, which charge point {chargePointId} " +
            $"(owned by {view.OwnerOf("ChargePoint", chargePointId)}) started with it, but the operator API shows [{string.Join(", ", active)}]: two activations hold two states.");

        var (blocked, blockedBody) = await api.PutIdTagAsync(idTag, "Blocked");
        Assert.True(blocked == 200, $"An operator blocking id tag {idTag} after it started a transaction should get 200, but got {blocked}: {blockedBody}");
    }

    /// <summary>A fresh charge point and id tag whose grains fall in partitions owned by two different silos.</summary>
    private static (string ChargePointId, string IdTag) KeysOnDifferentSilos(ClusterSnapshot view)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var chargePointId = $"SA-{Guid.NewGuid():N}"[..16];
            var idTag = Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
            if (view.OwnerOf("ChargePoint", chargePointId) is { } home && view.OwnerOf("IdTag", idTag) is { } owner && home != owner)
            {
                return (chargePointId, idTag);
            }
        }

        throw new InvalidOperationException($"Found no charge point and id tag on different silos in 1000 tries: {view.Describe()}");
    }
}
