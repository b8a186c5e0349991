using System.Net;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Messaging;

namespace OrleansCsms.Hosting.Clustering;

/// <summary>Tells a client which silos of its cluster accept clients, from the membership rows in PostgreSQL.</summary>
internal sealed class PostgresGatewayListProvider(
    ClusteringDatabase database,
    IOptions<ClusterOptions> clusterOptions,
    IOptions<PostgresClusteringOptions> options) : IGatewayListProvider
{
    private readonly string _clusterId = clusterOptions.Value.ClusterId;

    public TimeSpan MaxStaleness { get; } = options.Value.GatewayListMaxStaleness;

    // Obsolete in Orleans 10, which treats every provider as updatable, but still abstract.
    public bool IsUpdatable => true;

    public Task InitializeGatewayListProviderAsync(CancellationToken cancellationToken = default) =>
        database.WhenReachableAsync(_ => Task.CompletedTask, cancellationToken);

    public async Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            SELECT silo_address, proxy_port FROM orleans_membership
            WHERE cluster_id = @cluster_id AND status = @active AND proxy_port > 0
            """,
            connection);
        command.Parameters.AddWithValue("cluster_id", _clusterId);
        command.Parameters.AddWithValue("active", (int)SiloStatus.Active);

        var gateways = new List<Uri>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // The silo address carries the silo-to-silo port; clients connect to the same host on the proxy port.
            var silo = SiloAddress.FromParsableString(reader.GetString(0));
            var gateway = SiloAddress.New(new IPEndPoint(silo.Endpoint.Address, reader.GetInt32(1)), silo.Generation);
            gateways.Add(gateway.ToGatewayUri());
        }

        return gateways;
    }

    // Orleans 10 calls the cancellation-aware members; the tokenless ones remain for older callers.
    Task IGatewayListProvider.InitializeGatewayListProvider() => InitializeGatewayListProviderAsync();

    Task<IList<Uri>> IGatewayListProvider.GetGateways() => GetGatewaysAsync();
}
