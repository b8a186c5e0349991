using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansCsms.Frontend;

namespace OrleansCsms.Silo;

/// <summary>What the all-in-one process adds around the front-end and the silo.</summary>
public static class EmbeddedHostExtensions
{
    /// <summary>Adds the start-up banner, the loopback guard, presence reset and the storage readiness check.</summary>
    public static IServiceCollection AddEmbeddedHost(this IServiceCollection services)
    {
        services.AddHostedService<EmbeddedHostStartup>();
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: [CsmsFrontendExtensions.ReadyTag]);
        return services;
    }
}

/// <summary>Ready only when storage answers.</summary>
internal sealed class StorageHealthCheck(OrleansCsms.Storage.IStorageHealth storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await storage.IsReadyAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Storage does not answer.");
}
