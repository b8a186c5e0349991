using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Messaging;

namespace OrleansCsms.Hosting.Clustering;

/// <summary>Puts Orleans membership, gateway discovery and reminders on PostgreSQL.</summary>
public static class PostgresClusteringExtensions
{
    /// <summary>Keeps this silo's cluster membership in PostgreSQL, under the silo's cluster id.</summary>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, Action<PostgresClusteringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddClusteringDatabase(builder.Services, configure);
        builder.Services.AddSingleton<IMembershipTable, PostgresMembershipTable>();
        return builder;
    }

    /// <summary>Lets this client find the gateways of its cluster id in the PostgreSQL membership table.</summary>
    public static IClientBuilder UsePostgresClustering(this IClientBuilder builder, Action<PostgresClusteringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddClusteringDatabase(builder.Services, configure);
        builder.Services.AddSingleton<IGatewayListProvider, PostgresGatewayListProvider>();
        return builder;
    }

    /// <summary>Enables reminders and keeps them in PostgreSQL, under the silo's service id.</summary>
    public static ISiloBuilder UsePostgresReminders(this ISiloBuilder builder, Action<PostgresClusteringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddReminders();
        AddClusteringDatabase(builder.Services, configure);
        builder.Services.AddSingleton<IReminderTable, PostgresReminderTable>();
        return builder;
    }

    private static void AddClusteringDatabase(IServiceCollection services, Action<PostgresClusteringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<PostgresClusteringOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresClusteringOptions>, PostgresClusteringOptionsValidator>());

        // One pool per process whether clustering, reminders or both are on; TryAdd keeps the second call from making another.
        services.TryAddSingleton(provider => new ClusteringDatabase(
            provider.GetRequiredService<IOptions<PostgresClusteringOptions>>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetRequiredService<ILogger<ClusteringDatabase>>()));
    }
}
