using System.Net;
using static OrleansCsms.Hosting.Tests.MembershipEntries;

namespace OrleansCsms.Hosting.Tests.Clustering;

/// <summary>What a client learns about its cluster's gateways from the membership table.</summary>
public sealed class GatewayListContract(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    private readonly CancellationToken _cancellation = Deadline.Token();

    [Fact]
    public async Task Only_active_silos_with_a_proxy_port_are_listed_at_their_proxy_port()
    {
        var clusterId = PostgresDatabaseFixture.NewId("cluster");
        var table = await fixture.NewMembershipTableAsync(clusterId);
        var gateway = Entry(status: SiloStatus.Active, proxyPort: 31_000);
        var noProxy = Entry(status: SiloStatus.Active, proxyPort: 0);
        var joining = Entry(status: SiloStatus.Joining, proxyPort: 31_001);
        var dead = Entry(status: SiloStatus.Dead, proxyPort: 31_002);
        foreach (var entry in new[] { gateway, noProxy, joining, dead })
        {
            await table.InsertRowAsync(entry, (await table.ReadAllAsync(_cancellation)).Version.Next(), _cancellation);
        }

        var provider = fixture.GatewayList(clusterId);
        await provider.InitializeGatewayListProviderAsync(_cancellation);
        var gateways = await provider.GetGatewaysAsync(_cancellation);

        var expected = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 31_000), gateway.SiloAddress.Generation).ToGatewayUri();
        Assert.True(
            gateways.Count == 1 && gateways[0] == expected,
            $"Expected only {expected} (the active silo, at its proxy port), found [{string.Join(", ", gateways)}].");
    }

    [Fact]
    public async Task Gateways_of_another_cluster_are_not_listed()
    {
        var other = await fixture.NewMembershipTableAsync();
        await other.InsertRowAsync(Entry(status: SiloStatus.Active, proxyPort: 31_010), (await other.ReadAllAsync(_cancellation)).Version.Next(), _cancellation);
        var clusterId = PostgresDatabaseFixture.NewId("cluster");
        await fixture.NewMembershipTableAsync(clusterId);

        var gateways = await fixture.GatewayList(clusterId).GetGatewaysAsync(_cancellation);

        Assert.True(gateways.Count == 0, $"Expected no gateways in a cluster without silos, found [{string.Join(", ", gateways)}].");
    }

    [Fact]
    public void The_list_is_refreshable_and_stale_after_the_configured_time()
    {
        var provider = fixture.GatewayList(PostgresDatabaseFixture.NewId("cluster"));

        Assert.True(provider.MaxStaleness == TimeSpan.FromSeconds(10), $"Expected the default staleness of 10 s, found {provider.MaxStaleness}.");
#pragma warning disable CS0618 // Orleans 10 marks IsUpdatable obsolete but still declares it; it must say true.
        Assert.True(((Orleans.Messaging.IGatewayListProvider)provider).IsUpdatable, "Expected the gateway list to be updatable.");
#pragma warning restore CS0618
    }
}
