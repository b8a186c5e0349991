using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansCsms.Storage;

/// <summary>Readiness: the schema is in place and the store answers a query.</summary>
internal sealed class StorageReadinessCheck(IStorageHealth storage) : IHealthCheck
{
    /// <summary>Tag of the checks /health/ready runs.</summary>
    public const string ReadyTag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await storage.IsReadyAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Storage does not answer.");
}
