using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OrleansCsms.Cluster;

/// <summary>A partition's current owner, as last read from PostgreSQL.</summary>
public sealed record PartitionOwner(int Partition, string SiloId, string Address, long Epoch);

/// <summary>
/// The partition → silo map a process routes by. Refreshed when a silo announces a change (LISTEN/NOTIFY),
/// on demand when a call finds the map stale, and every few seconds as a backstop.
/// </summary>
public sealed partial class PartitionTable(ClusterDatabase database, IOptions<ClusterOptions> options, ILogger<PartitionTable> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile PartitionOwner?[] _owners = new PartitionOwner?[options.Value.Partitions];
    private long _version;

    /// <summary>Grows each time the map is re-read.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The owner of a partition, or null when none holds a live lease.</summary>
    public PartitionOwner? OwnerOf(int partition) => _owners[partition];

    /// <summary>All partitions and their owners.</summary>
    public IReadOnlyList<PartitionOwner?> Snapshot => _owners;

    /// <summary>Re-reads the map; concurrent callers share one read.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var seen = Version;
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            if (Version != seen)
            {
                return;
            }

            var owners = new PartitionOwner?[options.Value.Partitions];
            await using var command = database.DataSource.CreateCommand("""
                SELECT p.partition, p.owner, s.address, p.epoch
                FROM cluster_partitions p JOIN cluster_silos s ON s.silo_id = p.owner
                WHERE p.lease_until > now() AND s.status = 'Active'
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var partition = reader.GetInt32(0);
                if (partition < owners.Length)
                {
                    owners[partition] = new PartitionOwner(partition, reader.GetString(1), reader.GetString(2), reader.GetInt64(3));
                }
            }

            _owners = owners;
            Interlocked.Increment(ref _version);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.EnsureSchemaAsync(options.Value.Partitions, cancellationToken);
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = ListenAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                LogRefreshFailed(logger, ex);
            }

            try
            {
                await Task.Delay(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await listening;
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.DataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => _ = RefreshQuietlyAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {ClusterDatabase.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.IO.IOException)
            {
                // PostgreSQL restarted or the connection dropped: the poll keeps the map fresh meanwhile.
                LogListenFailed(logger, ex);
                try
                {
                    await Task.Delay(PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task RefreshQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            LogRefreshFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the partition map")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the cluster change notifications; reconnecting")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}
