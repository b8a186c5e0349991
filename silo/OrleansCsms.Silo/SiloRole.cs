using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OrleansCsms.Frontend;
using OrleansCsms.Frontend.Metrics;
using OrleansCsms.Hosting;

namespace OrleansCsms.Silo;

/// <summary>The two ways this host runs: the embedded default, or one silo of a cluster (Cluster:Role = Silo).</summary>
public static class SiloRole
{
    public static bool IsClusterSilo(IConfiguration configuration) =>
        string.Equals(configuration["Cluster:Role"], "Silo", StringComparison.OrdinalIgnoreCase);

    /// <summary>A cluster silo: grains only, on PostgreSQL membership; front-ends reach it through its gateway.</summary>
    public static WebApplicationBuilder AddClusterSilo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseOrleans(silo =>
        {
            silo.UseCsmsCluster(builder.Configuration);
            silo.UseCsmsKubernetesHosting(builder.Configuration);
            silo.AddCsmsSilo(builder.Configuration);
        });
        builder.Services.AddCsmsMetrics();
        builder.Services.AddHealthChecks().AddCheck<MembershipReadinessCheck>("membership", tags: [CsmsFrontendExtensions.ReadyTag]);
        builder.Services.AddHealthChecks();
        return builder;
    }

    public static WebApplication UseClusterSiloHost(this WebApplication app)
    {
        app.MapCsmsMetrics();
        app.MapCsmsDashboard(adminsOnly: false);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(CsmsFrontendExtensions.ReadyTag) });
        return app;
    }
}
