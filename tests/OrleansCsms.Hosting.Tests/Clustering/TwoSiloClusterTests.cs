using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansCsms.Hosting.Clustering;

namespace OrleansCsms.Hosting.Tests.Clustering;

/// <summary>Real silos and a real client finding each other through nothing but the PostgreSQL tables.</summary>
public sealed class TwoSiloClusterTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    private const string ServiceId = "hosting-tests";

    [Fact]
    public async Task Two_silos_form_one_cluster_and_a_client_reaches_a_grain_through_the_listed_gateways()
    {
        var clusterId = PostgresDatabaseFixture.NewId("cluster");
        var ports = FreeLoopbackPorts(4);
        using var first = BuildSilo(clusterId, ports[0], ports[1]);
        using var second = BuildSilo(clusterId, ports[2], ports[3]);
        using var client = BuildClient(clusterId);
        try
        {
            // Started together, so both silos race to create the schema and join the same version row.
            await Task.WhenAll(first.StartAsync(Deadline.Token()), second.StartAsync(Deadline.Token())).Within("both silos to start");

            var rows = (await fixture.MembershipTable(clusterId).ReadAllAsync(Deadline.Token())).Members;
            var active = rows.Where(row => row.Item1.Status == SiloStatus.Active).Select(row => row.Item1.SiloAddress.Endpoint.Port).Order().ToArray();
            Assert.True(
                active.SequenceEqual(new[] { ports[0], ports[2] }.Order()),
                $"Expected both silos (ports {ports[0]} and {ports[2]}) Active in the table, found [{string.Join(", ", rows.Select(row => row.Item1))}].");

            await client.StartAsync(Deadline.Token()).Within("the client to connect through the listed gateways");
            var grains = client.Services.GetRequiredService<IClusterClient>();

            var answer = await grains.GetGrain<IEchoGrain>("echo").EchoAsync("ping").Within("the echo grain to answer");
            var hosts = await Deadline.PollAsync(
                () => grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true),
                found => found.Count == 2,
                "the management grain to see both silos");

            Assert.True(answer.StartsWith("ping from ", StringComparison.Ordinal), $"Expected the grain to echo ping, found: {answer}");
            Assert.True(hosts.Count == 2, $"Expected the cluster to report 2 active hosts, found {hosts.Count}.");
        }
        finally
        {
            await client.StopAsync(Deadline.Token());
            await Task.WhenAll(first.StopAsync(Deadline.Token()), second.StopAsync(Deadline.Token()));
        }
    }

    private IHost BuildSilo(string clusterId, int siloPort, int gatewayPort) =>
        Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .UseOrleans(silo => silo
                .UsePostgresClustering(options => options.ConnectionString = fixture.ConnectionString)
                .Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = clusterId;
                    options.ServiceId = ServiceId;
                })
                .Configure<EndpointOptions>(options =>
                {
                    options.AdvertisedIPAddress = IPAddress.Loopback;
                    options.SiloPort = siloPort;
                    options.GatewayPort = gatewayPort;
                    options.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, siloPort);
                    options.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Loopback, gatewayPort);
                }))
            .Build();

    private IHost BuildClient(string clusterId) =>
        Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .UseOrleansClient(orleans => orleans
                .UsePostgresClustering(options => options.ConnectionString = fixture.ConnectionString)
                .Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = clusterId;
                    options.ServiceId = ServiceId;
                }))
            .Build();

    /// <summary>Ports the system handed out just now, held open together so that no two are the same.</summary>
    private static int[] FreeLoopbackPorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            return listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
