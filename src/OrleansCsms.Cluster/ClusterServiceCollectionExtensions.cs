using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansCsms.Grains;
using OrleansCsms.Runtime;

namespace OrleansCsms.Cluster;

/// <summary>Registers the cluster roles: a silo that owns partitions, or a client (front-end) that routes to them.</summary>
public static class ClusterServiceCollectionExtensions
{
    /// <summary>Tag of the health checks /health/ready runs (the same tag the front-end uses).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Name of the HTTP client that carries calls between processes.</summary>
    public const string HttpClientName = "cluster";

    /// <summary>Makes this process a silo: it joins the membership, owns a fair share of partitions and routes the rest.</summary>
    public static IServiceCollection AddClusterSilo(this IServiceCollection services)
    {
        AddClusterCore(services);
        services.AddSingleton<SiloIdentity>();
        services.AddSingleton<SiloMembership>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloMembership>());
        services.AddSingleton<GrainCallCodec>();
        services.AddSingleton<FrontEndDirectory>();
        services.Replace(ServiceDescriptor.Singleton<IGrainCallRouter>(sp => ActivatorUtilities.CreateInstance<ClusterGrainRouter>(
            sp, sp.GetRequiredService<SiloMembership>(), sp.GetRequiredService<LocalGrainRouter>())));
        services.Replace(ServiceDescriptor.Singleton<IChargePointConnections>(sp => new RemoteChargePointConnections(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), sp.GetRequiredService<FrontEndDirectory>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterOptions>>())));
        services.AddHealthChecks().AddCheck<SiloPartitionsCheck>("partitions", tags: [ReadyTag]);
        return services;
    }

    /// <summary>Makes this process a cluster client: grain references route to whichever silo owns each grain.</summary>
    public static IServiceCollection AddClusterClient(this IServiceCollection services)
    {
        AddClusterCore(services);
        services.TryAddSingleton<IGrainCallRouter>(sp => ActivatorUtilities.CreateInstance<ClusterGrainRouter>(sp));
        services.TryAddSingleton<IGrainFactory, GrainFactory>();
        return services;
    }

    private static void AddClusterCore(IServiceCollection services)
    {
        services.AddOptions<ClusterOptions>().BindConfiguration("Cluster").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ClusterDatabase>();
        services.AddSingleton<PartitionTable>();
        services.AddHostedService(sp => sp.GetRequiredService<PartitionTable>());
        services.AddHttpClient(HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            // Keep-alive connections are reused across calls; a dead peer is noticed by the connect timeout.
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(2),
        }).ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => new SiloClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterOptions>>()));
    }
}

/// <summary>A silo is ready once it owns its fair share of partitions under live leases.</summary>
internal sealed class SiloPartitionsCheck(SiloMembership membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(membership.Settled
            ? HealthCheckResult.Healthy($"Owns {membership.OwnedCount} partitions.")
            : HealthCheckResult.Unhealthy($"Owns {membership.OwnedCount} of a fair share of {membership.TargetCount} partitions."));
}
