using OrleansCsms.Cluster;

namespace OrleansCsms.Frontend.Host;

/// <summary>One silo as the membership table shows it.</summary>
public sealed record SiloMember(string Id, string Address, string Status, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, int PartitionsOwned);

/// <summary>One front-end as the membership table shows it.</summary>
public sealed record FrontEndMember(string Id, string Address, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt);

/// <summary>One partition, its owner (null: none holds a live lease) and its epoch.</summary>
public sealed record PartitionAssignment(int Partition, string? Owner, long Epoch, DateTimeOffset? LeaseUntil);

/// <summary>The whole cluster at one moment, for operators.</summary>
public sealed record ClusterSnapshot(IReadOnlyList<SiloMember> Silos, IReadOnlyList<FrontEndMember> FrontEnds, IReadOnlyList<PartitionAssignment> Partitions);

/// <summary>Reads the cluster's membership and ownership from PostgreSQL.</summary>
public sealed class ClusterView(ClusterDatabase database)
{
    public async Task<ClusterSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var partitions = new List<PartitionAssignment>();
        await using (var command = database.DataSource.CreateCommand(
            """
            SELECT partition, CASE WHEN lease_until > now() THEN owner END, epoch, CASE WHEN lease_until = '-infinity' THEN NULL ELSE lease_until END
            FROM cluster_partitions ORDER BY partition
            """))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                partitions.Add(new PartitionAssignment(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }

        var silos = new List<SiloMember>();
        await using (var command = database.DataSource.CreateCommand("SELECT silo_id, address, status, started_at, heartbeat_at FROM cluster_silos ORDER BY silo_id"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                silos.Add(new SiloMember(id, reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4),
                    partitions.Count(p => p.Owner == id)));
            }
        }

        var frontEnds = new List<FrontEndMember>();
        await using (var command = database.DataSource.CreateCommand("SELECT front_end_id, address, started_at, heartbeat_at FROM cluster_front_ends ORDER BY front_end_id"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                frontEnds.Add(new FrontEndMember(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }

        return new ClusterSnapshot(silos, frontEnds, partitions);
    }
}
