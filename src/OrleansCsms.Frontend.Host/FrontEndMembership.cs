using OrleansCsms.Cluster;
using OrleansCsms.Frontend.Ocpp;

namespace OrleansCsms.Frontend.Host;

/// <summary>
/// Keeps this front-end in the membership table with its address, so silos can reach the sockets it holds;
/// it leaves on a clean stop, and silos forget it when it stops heartbeating.
/// </summary>
internal sealed partial class FrontEndMembership(
    ClusterDatabase database,
    FrontEndIdentity frontEnd,
    Microsoft.Extensions.Options.IOptions<ClusterOptions> options,
    TimeProvider time,
    ILogger<FrontEndMembership> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.EnsureSchemaAsync(options.Value.Partitions, cancellationToken);
        await HeartbeatAsync(cancellationToken);
        LogJoined(logger, frontEnd.Id, options.Value.AdvertisedAddress);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await using var command = database.DataSource.CreateCommand("DELETE FROM cluster_front_ends WHERE front_end_id = $1");
            command.Parameters.AddWithValue(frontEnd.Id);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or OperationCanceledException)
        {
            LogLeaveFailed(logger, ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await HeartbeatAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
                {
                    LogHeartbeatFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO cluster_front_ends (front_end_id, address) VALUES ($1, $2)
            ON CONFLICT (front_end_id) DO UPDATE SET heartbeat_at = now(), address = excluded.address
            """);
        command.Parameters.AddWithValue(frontEnd.Id);
        command.Parameters.AddWithValue(options.Value.AdvertisedAddress);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Front-end {FrontEndId} joined the cluster at {Address}")]
    private static partial void LogJoined(ILogger logger, string frontEndId, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Front-end heartbeat failed")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not leave the cluster cleanly; silos will forget this front-end when its heartbeat is stale")]
    private static partial void LogLeaveFailed(ILogger logger, Exception exception);
}
