using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansCsms.Silo;

/// <summary>Ready once this silo is an active member of its cluster: before that, or once it is leaving, it serves no grains.</summary>
internal sealed class MembershipReadinessCheck(ILocalSiloDetails silo, IClusterMembershipService membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"Silo {silo.SiloAddress} is active.")
            : HealthCheckResult.Unhealthy($"Silo {silo.SiloAddress} is {status}, not an active member of the cluster."));
    }
}
