using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansCsms.Grains;
using OrleansCsms.Hosting;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>
/// An Orleans client of a test cluster, joined the way front-ends join it, for the one thing no public endpoint
/// tells: which silo holds a grain's activation, so a test can kill the silo that holds the grains it watches.
/// </summary>
public sealed class GrainLocator : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly IGrainFactory _grains;

    private GrainLocator(IHost host)
    {
        _host = host;
        _grains = host.Services.GetRequiredService<IGrainFactory>();
    }

    public static async Task<GrainLocator> ConnectAsync(string connectionString, string clusterId, TimeSpan timeout)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = connectionString,
            ["Cluster:ClusterId"] = clusterId,
        });
        builder.UseOrleansClient(client => client.UseCsmsCluster(builder.Configuration));
        builder.Services.AddCsmsSerialization();
        var host = builder.Build();
        using var deadline = new CancellationTokenSource(timeout);
        await host.StartAsync(deadline.Token);
        return new GrainLocator(host);
    }

    /// <summary>The silo-to-silo port of the silo holding charge point <paramref name="chargePointId"/>'s activation; null when it has none.</summary>
    public async Task<int?> SiloPortOfChargePointAsync(string chargePointId)
    {
        var address = await _grains.GetGrain<IManagementGrain>(0).GetActivationAddress(_grains.GetGrain<IChargePointGrain>(chargePointId));
        return address?.Endpoint.Port;
    }

    /// <summary>Where each charge point's grain is, by charge point id; waits out a cluster that is still failing over.</summary>
    public async Task<IReadOnlyDictionary<string, int?>> SiloPortsOfChargePointsAsync(IEnumerable<string> chargePointIds, TimeSpan timeout)
    {
        var placements = new Dictionary<string, int?>(StringComparer.Ordinal);
        foreach (var id in chargePointIds)
        {
            var (port, _) = await Poll.UntilAsync(
                async _ => (Found: true, Port: await SiloPortOfChargePointAsync(id)),
                answer => answer.Found,
                timeout,
                $"the cluster to say where charge point {id}'s grain is",
                _ => "no answer");
            placements[id] = port.Port;
        }

        return placements;
    }

    public async ValueTask DisposeAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _host.StopAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // The cluster is being torn down around it.
        }

        _host.Dispose();
    }
}
