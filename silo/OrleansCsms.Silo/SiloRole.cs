using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OrleansCsms.Cluster;
using OrleansCsms.Frontend;
using OrleansCsms.Frontend.Metrics;

namespace OrleansCsms.Silo;

/// <summary>The two ways this host runs: the embedded default, or one silo of a cluster (Cluster:Role = Silo).</summary>
public static class SiloRole
{
    public static bool IsClusterSilo(IConfiguration configuration) =>
        string.Equals(configuration["Cluster:Role"], "Silo", StringComparison.OrdinalIgnoreCase);

    /// <summary>A cluster silo: grains for the partitions it owns, reached by front-ends over its internal endpoint.</summary>
    public static IServiceCollection AddClusterSiloHost(this IServiceCollection services)
    {
        services.AddClusterSilo();
        services.AddCsmsMetrics();
        return services;
    }

    public static WebApplication UseClusterSiloHost(this WebApplication app)
    {
        app.MapSiloEndpoints();
        app.MapCsmsMetrics();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(CsmsFrontendExtensions.ReadyTag) });
        return app;
    }
}
