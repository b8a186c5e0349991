using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansCsms.Grains;
using OrleansCsms.Runtime;
using OrleansCsms.Runtime.Diagnostics;

namespace OrleansCsms.Cluster;

/// <summary>
/// This silo's place in the cluster. Every heartbeat it renews its membership row and its partition leases
/// (lease rows with an epoch, judged by the database clock), takes free or expired partitions up to its fair
/// share and hands extra ones over: drain and deactivate their grains, then release the rows. A silo that
/// dies simply stops renewing; its leases lapse and survivors take them. No consensus code of our own:
/// PostgreSQL's row locks decide every race.
/// </summary>
public sealed partial class SiloMembership(
    ClusterDatabase database,
    SiloIdentity silo,
    LocalGrainRouter grains,
    ICsmsQueries queries,
    IOptions<ClusterOptions> options,
    TimeProvider time,
    ILogger<SiloMembership> logger) : BackgroundService
{
    private readonly ClusterOptions _options = options.Value;
    private readonly bool[] _serving = new bool[options.Value.Partitions];
    private long _leaseValidUntil;
    private int _beats;
    private IDisposable? _ownedGauge;

    /// <summary>This silo's id in the membership table.</summary>
    public string SiloId => silo.Id;

    /// <summary>Whether this silo may run grains of the partition now: it holds an unexpired lease on it.</summary>
    public bool Owns(int partition) => Volatile.Read(ref _serving[partition]) && time.GetTimestamp() < Volatile.Read(ref _leaseValidUntil);

    /// <summary>Partitions this silo serves.</summary>
    public int OwnedCount => _serving.Count(s => s);

    /// <summary>The share of partitions this silo should own among the live silos.</summary>
    public int TargetCount { get; private set; } = -1;

    /// <summary>True once ownership matches the fair share, for readiness.</summary>
    public bool Settled => TargetCount >= 0 && OwnedCount == TargetCount && time.GetTimestamp() < Volatile.Read(ref _leaseValidUntil);

    /// <summary>The partition a grain belongs to.</summary>
    public int PartitionOf(GrainId grain) => PartitionHash.Of(grain, _options.Partitions);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.EnsureSchemaAsync(_options.Partitions, cancellationToken);
        _ownedGauge = CsmsInstruments.ObservePartitionsOwned(() => OwnedCount);
        await HeartbeatAsync(cancellationToken);
        LogJoined(logger, silo.Id, _options.AdvertisedAddress);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await LeaveAsync(cancellationToken);
        _ownedGauge?.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, time);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await BeatAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or OperationCanceledException)
            {
                LogBeatFailed(logger, ex);
                await DropIfLeaseLapsedAsync();
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        var changed = await RebalanceAsync(cancellationToken);
        if (changed)
        {
            await database.NotifyAsync(cancellationToken);
        }

        if (++_beats % 5 == 0)
        {
            await CollectDeadAsync(cancellationToken);
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO cluster_silos (silo_id, address, status) VALUES ($1, $2, 'Active')
            ON CONFLICT (silo_id) DO UPDATE SET heartbeat_at = now(), address = excluded.address, status = 'Active'
            """);
        command.Parameters.AddWithValue(silo.Id);
        command.Parameters.AddWithValue(_options.AdvertisedAddress);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One heartbeat: renew, then move towards the fair share. Returns whether ownership changed.</summary>
    private async Task<bool> RebalanceAsync(CancellationToken cancellationToken)
    {
        var beganAt = time.GetTimestamp();
        await HeartbeatAsync(cancellationToken);
        var renewed = await PartitionsAsync("UPDATE cluster_partitions SET lease_until = now() + $2 WHERE owner = $1 RETURNING partition", null, cancellationToken);

        // Counted from before the renewal was sent, and cut by a heartbeat, so this silo stops serving before anyone can take over.
        Volatile.Write(ref _leaseValidUntil, beganAt + (long)((_options.LeaseDuration - _options.HeartbeatInterval).TotalSeconds * time.TimestampFrequency));
        var changed = await DropAsync([.. Enumerable.Range(0, _serving.Length).Where(p => _serving[p] && !renewed.Contains(p))]);

        // Rows that still name this silo but it stopped serving (their leases lapsed while PostgreSQL was unreachable and
        // nobody took them meanwhile): serve them again, or they stay renewed, unserved and out of everyone's reach for good.
        var resumed = renewed.Where(p => !Volatile.Read(ref _serving[p])).ToHashSet();
        if (resumed.Count > 0)
        {
            await grains.DeactivateWhereAsync(grain => resumed.Contains(PartitionOf(grain)));
            foreach (var partition in resumed)
            {
                Volatile.Write(ref _serving[partition], true);
            }

            LogResumed(logger, resumed.Count);
            changed = true;
        }

        var live = await LiveSilosAsync(cancellationToken);
        var index = Math.Max(0, live.IndexOf(silo.Id));
        var count = Math.Max(1, live.Count);
        TargetCount = (_serving.Length / count) + (index < _serving.Length % count ? 1 : 0);

        var owned = OwnedCount;
        if (owned < TargetCount)
        {
            var acquired = await PartitionsAsync("""
                UPDATE cluster_partitions SET owner = $1, epoch = epoch + 1, lease_until = now() + $2
                WHERE partition IN (
                    SELECT partition FROM cluster_partitions
                    WHERE owner IS NULL OR lease_until < now()
                    ORDER BY partition LIMIT $3 FOR UPDATE SKIP LOCKED)
                RETURNING partition
                """, TargetCount - owned, cancellationToken);
            // Activations left here from an earlier term of these partitions hold state another silo may have changed since.
            await grains.DeactivateWhereAsync(grain => acquired.Contains(PartitionOf(grain)));
            foreach (var partition in acquired)
            {
                Volatile.Write(ref _serving[partition], true);
            }

            if (acquired.Count > 0)
            {
                LogAcquired(logger, acquired.Count, OwnedCount, TargetCount);
                changed = true;
            }
        }
        else if (owned > TargetCount)
        {
            var extra = Enumerable.Range(0, _serving.Length).Where(p => _serving[p]).OrderByDescending(p => p).Take(owned - TargetCount).ToArray();
            await ReleaseAsync(extra, cancellationToken);
            LogReleased(logger, extra.Length, OwnedCount, TargetCount);
            changed = true;
        }

        return changed;
    }

    private async Task<HashSet<int>> PartitionsAsync(string sql, int? limit, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(silo.Id);
        command.Parameters.AddWithValue(_options.LeaseDuration);
        if (limit is { } n)
        {
            command.Parameters.AddWithValue(n);
        }

        var partitions = new HashSet<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var partition = reader.GetInt32(0);
            if (partition < _serving.Length)
            {
                partitions.Add(partition);
            }
        }

        return partitions;
    }

    private async Task<List<string>> LiveSilosAsync(CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT silo_id FROM cluster_silos WHERE status = 'Active' AND heartbeat_at > now() - $1 ORDER BY silo_id");
        command.Parameters.AddWithValue(_options.LeaseDuration);
        var live = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            live.Add(reader.GetString(0));
        }

        return live;
    }

    /// <summary>Hands partitions over: stop taking calls, finish and persist their grains, then free the rows.</summary>
    private async Task ReleaseAsync(IReadOnlyCollection<int> partitions, CancellationToken cancellationToken)
    {
        await DropAsync(partitions);
        await using var command = database.DataSource.CreateCommand(
            "UPDATE cluster_partitions SET owner = NULL, lease_until = '-infinity' WHERE owner = $1 AND partition = ANY($2)");
        command.Parameters.AddWithValue(silo.Id);
        command.Parameters.AddWithValue(partitions.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Stops serving partitions locally and deactivates their grains; true when any was served.</summary>
    private async Task<bool> DropAsync(IReadOnlyCollection<int> partitions)
    {
        if (partitions.Count == 0)
        {
            return false;
        }

        foreach (var partition in partitions)
        {
            Volatile.Write(ref _serving[partition], false);
        }

        var dropped = partitions.ToHashSet();
        await grains.DeactivateWhereAsync(grain => dropped.Contains(PartitionOf(grain)));
        return true;
    }

    private async Task DropIfLeaseLapsedAsync()
    {
        if (time.GetTimestamp() >= Volatile.Read(ref _leaseValidUntil) && OwnedCount > 0)
        {
            // Cut off from PostgreSQL for longer than a lease: another silo may own these partitions by now.
            LogLeaseLapsed(logger, OwnedCount);
            await DropAsync([.. Enumerable.Range(0, _serving.Length).Where(p => _serving[p])]);
        }
    }

    /// <summary>Forgets silos and front-ends that stopped heartbeating long ago; charge points held by a dead front-end are shown as disconnected.</summary>
    private async Task CollectDeadAsync(CancellationToken cancellationToken)
    {
        var deadAfter = _options.LeaseDuration * 10;
        await using (var silos = database.DataSource.CreateCommand("DELETE FROM cluster_silos WHERE heartbeat_at < now() - $1"))
        {
            silos.Parameters.AddWithValue(deadAfter);
            await silos.ExecuteNonQueryAsync(cancellationToken);
        }

        var frontEnds = new List<string>();
        await using (var select = database.DataSource.CreateCommand("SELECT front_end_id FROM cluster_front_ends WHERE heartbeat_at < now() - $1"))
        {
            select.Parameters.AddWithValue(deadAfter);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                frontEnds.Add(reader.GetString(0));
            }
        }

        foreach (var frontEnd in frontEnds)
        {
            await queries.ResetPresenceAsync(frontEnd, cancellationToken);
            await using var delete = database.DataSource.CreateCommand("DELETE FROM cluster_front_ends WHERE front_end_id = $1");
            delete.Parameters.AddWithValue(frontEnd);
            await delete.ExecuteNonQueryAsync(cancellationToken);
            LogFrontEndCollected(logger, frontEnd);
        }
    }

    private async Task LeaveAsync(CancellationToken cancellationToken)
    {
        var owned = Enumerable.Range(0, _serving.Length).Where(p => _serving[p]).ToArray();
        try
        {
            await ReleaseAsync(owned, cancellationToken);
            await using var command = database.DataSource.CreateCommand("DELETE FROM cluster_silos WHERE silo_id = $1");
            command.Parameters.AddWithValue(silo.Id);
            await command.ExecuteNonQueryAsync(cancellationToken);
            await database.NotifyAsync(cancellationToken);
            LogLeft(logger, silo.Id, owned.Length);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            // The leases lapse on their own; survivors take the partitions a lease later.
            LogLeaveFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloId} joined the cluster at {Address}")]
    private static partial void LogJoined(ILogger logger, string siloId, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloId} left the cluster and handed over {Count} partitions")]
    private static partial void LogLeft(ILogger logger, string siloId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leaving the cluster gracefully failed; partitions will be taken over when their leases lapse")]
    private static partial void LogLeaveFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Acquired {Count} partitions; owning {Owned} of a fair share of {Target}")]
    private static partial void LogAcquired(ILogger logger, int count, int owned, int target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handed over {Count} partitions; owning {Owned} of a fair share of {Target}")]
    private static partial void LogReleased(ILogger logger, int count, int owned, int target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster heartbeat failed")]
    private static partial void LogBeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Partition leases lapsed while PostgreSQL was unreachable; stopped serving {Count} partitions")]
    private static partial void LogLeaseLapsed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Renewed the leases of {Count} partitions that lapsed while PostgreSQL was unreachable; serving them again")]
    private static partial void LogResumed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Front-end {FrontEndId} stopped heartbeating; its charge points are shown as disconnected")]
    private static partial void LogFrontEndCollected(ILogger logger, string frontEndId);
}
