using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using OrleansCsms.Hosting.Clustering;

namespace OrleansCsms.Hosting;

/// <summary>
/// Cluster membership for silos and front-ends: PostgreSQL tables of our own, and failure detection tuned so that
/// the grains of a silo killed without warning serve again on the survivors within seconds.
/// </summary>
public static class CsmsClusterHosting
{
    /// <summary>
    /// Joins this silo to the cluster: membership and reminders in the PostgreSQL database of
    /// ConnectionStrings:Postgres, endpoints and ids from the "Cluster" section.
    /// </summary>
    public static ISiloBuilder UseCsmsCluster(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var options = Bind(configuration);
        var connectionString = PostgresConnectionString(configuration);
        silo.UsePostgresClustering(o => o.ConnectionString = connectionString);
        silo.UsePostgresReminders(o => o.ConnectionString = connectionString);
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.ClusterId, options.ServiceId));
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = IPAddress.Parse(options.AdvertisedAddress);
            o.SiloPort = options.SiloPort;
            o.GatewayPort = options.GatewayPort;
            o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, options.SiloPort);
            o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, options.GatewayPort);
        });

        // Measured here: with these, a silo killed with kill -9 is declared dead in about two seconds, and its grains
        // serve again on the survivors once the calls in flight to it time out.
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        });
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(options.ResponseTimeoutSeconds));
        return silo;
    }

    /// <summary>Connects this front-end to the cluster as an Orleans client, finding gateways in the membership table.</summary>
    public static IClientBuilder UseCsmsCluster(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        var options = Bind(configuration);
        var connectionString = PostgresConnectionString(configuration);
        client.UsePostgresClustering(o =>
        {
            o.ConnectionString = connectionString;

            // A front-end learns of a new or gone silo at least this quickly.
            o.GatewayListMaxStaleness = TimeSpan.FromSeconds(5);
        });
        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.ClusterId, options.ServiceId));
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(options.ResponseTimeoutSeconds));
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));

        // Silos reach this front-end's sockets only through a gateway it is connected to: reconnect as soon as one drops.
        client.Services.AddSingleton<GatewayPresence>();
        client.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<GatewayPresence>());
        client.Services.AddHostedService(services => services.GetRequiredService<GatewayPresence>());
        return client;
    }

    private static CsmsClusterOptions Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(CsmsClusterOptions.SectionName).Get<CsmsClusterOptions>() ?? new CsmsClusterOptions();
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        if (!IPAddress.TryParse(options.AdvertisedAddress, out _))
        {
            throw new InvalidOperationException($"Cluster:AdvertisedAddress must be an IP address, not '{options.AdvertisedAddress}'.");
        }

        return options;
    }

    private static string PostgresConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Postgres") is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException("A cluster keeps its membership in PostgreSQL: set ConnectionStrings:Postgres.");
}
