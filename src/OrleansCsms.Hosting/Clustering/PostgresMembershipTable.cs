using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace OrleansCsms.Hosting.Clustering;

/// <summary>
/// The Orleans membership table of one cluster id in PostgreSQL: a version row per cluster guarding every change
/// with its etag, and a row per silo.
/// </summary>
internal sealed partial class PostgresMembershipTable(
    ClusteringDatabase database,
    IOptions<ClusterOptions> clusterOptions,
    ILogger<PostgresMembershipTable> logger) : IMembershipTable
{
    private readonly string _clusterId = clusterOptions.Value.ClusterId;

    public Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken = default) =>
        database.WhenReachableAsync(
            async token =>
            {
                if (tryInitTableVersion)
                {
                    await using var connection = await database.OpenAsync(token).ConfigureAwait(false);
                    await using var command = new NpgsqlCommand(
                        "INSERT INTO orleans_membership_versions (cluster_id, version, etag) VALUES (@cluster_id, 0, @etag) ON CONFLICT (cluster_id) DO NOTHING",
                        connection);
                    command.Parameters.AddWithValue("cluster_id", _clusterId);
                    command.Parameters.AddWithValue("etag", NewEtag());
                    await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }
            },
            cancellationToken);

    public async Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // The silo rows go with their version row (ON DELETE CASCADE), in the same statement.
        await using var command = new NpgsqlCommand("DELETE FROM orleans_membership_versions WHERE cluster_id = @cluster_id", connection);
        command.Parameters.AddWithValue("cluster_id", clusterId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // "Last known update" as Orleans' cleanup agent computes it when it picks the cut-off: the latest of start,
        // heartbeat and suspicion votes, so a silo declared dead recently stays visible however long ago it beat.
        await using var command = new NpgsqlCommand(
            """
            DELETE FROM orleans_membership
            WHERE cluster_id = @cluster_id
              AND status = @dead
              AND GREATEST(start_time, i_am_alive_time, (SELECT max(vote) FROM unnest(suspect_times) AS vote)) < @before
            """,
            connection);
        command.Parameters.AddWithValue("cluster_id", _clusterId);
        command.Parameters.AddWithValue("dead", (int)SiloStatus.Dead);
        command.Parameters.AddWithValue("before", beforeDate.UtcDateTime);
        var removed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        LogDefunctRemoved(logger, removed, _clusterId, beforeDate);
    }

    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken = default) =>
        ReadAsync(key, cancellationToken);

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(null, cancellationToken);

    public async Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (!await LockVersionAsync(connection, transaction, tableVersion, cancellationToken).ConfigureAwait(false))
        {
            LogRefused(logger, "insert", entry.SiloAddress, "the table version etag is stale");
            return false;
        }

        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO orleans_membership (cluster_id, silo_address, status, suspecting_silos, suspect_times, proxy_port,
                host_name, silo_name, role_name, update_zone, fault_zone, start_time, i_am_alive_time, etag)
            VALUES (@cluster_id, @silo_address, @status, @suspecting_silos, @suspect_times, @proxy_port,
                @host_name, @silo_name, @role_name, @update_zone, @fault_zone, @start_time, @i_am_alive_time, @etag)
            ON CONFLICT (cluster_id, silo_address) DO NOTHING
            """,
            connection,
            transaction))
        {
            insert.Parameters.AddWithValue("cluster_id", _clusterId);
            insert.Parameters.AddWithValue("etag", NewEtag());
            MembershipRow.Bind(insert, entry);
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                LogRefused(logger, "insert", entry.SiloAddress, "the silo already has a row");
                return false;
            }
        }

        await BumpVersionAsync(connection, transaction, tableVersion, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (!await LockVersionAsync(connection, transaction, tableVersion, cancellationToken).ConfigureAwait(false))
        {
            LogRefused(logger, "update", entry.SiloAddress, "the table version etag is stale");
            return false;
        }

        await using (var update = new NpgsqlCommand(
            """
            UPDATE orleans_membership
            SET status = @status, suspecting_silos = @suspecting_silos, suspect_times = @suspect_times,
                proxy_port = @proxy_port, host_name = @host_name, silo_name = @silo_name, role_name = @role_name,
                update_zone = @update_zone, fault_zone = @fault_zone, start_time = @start_time,
                i_am_alive_time = @i_am_alive_time, etag = @new_etag
            WHERE cluster_id = @cluster_id AND silo_address = @silo_address AND etag = @etag
            """,
            connection,
            transaction))
        {
            update.Parameters.AddWithValue("cluster_id", _clusterId);
            update.Parameters.AddWithValue("etag", etag);
            update.Parameters.AddWithValue("new_etag", NewEtag());
            MembershipRow.Bind(update, entry);
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                LogRefused(logger, "update", entry.SiloAddress, "the row is missing or its etag is stale");
                return false;
            }
        }

        await BumpVersionAsync(connection, transaction, tableVersion, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // Neither the row etag nor the table version changes: Orleans requires that an update prepared from an
        // earlier read still succeeds after heartbeats alone.
        await using var command = new NpgsqlCommand(
            "UPDATE orleans_membership SET i_am_alive_time = @i_am_alive_time WHERE cluster_id = @cluster_id AND silo_address = @silo_address",
            connection);
        command.Parameters.AddWithValue("cluster_id", _clusterId);
        command.Parameters.AddWithValue("silo_address", entry.SiloAddress.ToParsableString());
        command.Parameters.AddWithValue("i_am_alive_time", Timestamps.AsUtc(entry.IAmAliveTime));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // The tokenless members are obsolete in Orleans 10 and only kept for old callers; they forward to the ones above.
    Task IMembershipTable.InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion);

    Task IMembershipTable.DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId);

    Task IMembershipTable.CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate);

    Task<MembershipTableData> IMembershipTable.ReadRow(SiloAddress key) => ReadRowAsync(key);

    Task<MembershipTableData> IMembershipTable.ReadAll() => ReadAllAsync();

    Task<bool> IMembershipTable.InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion);

    Task<bool> IMembershipTable.UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion);

    Task IMembershipTable.UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry);

    /// <summary>Reads the version and one silo's row (or all rows) in one statement, so they are of one snapshot.</summary>
    private async Task<MembershipTableData> ReadAsync(SiloAddress? silo, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT v.version, v.etag, {MembershipRow.Columns}
            FROM orleans_membership_versions v
            LEFT JOIN orleans_membership m
              ON m.cluster_id = v.cluster_id AND (@silo_address::text IS NULL OR m.silo_address = @silo_address)
            WHERE v.cluster_id = @cluster_id
            """,
            connection);
        command.Parameters.AddWithValue("cluster_id", _clusterId);
        command.Parameters.AddWithValue("silo_address", NpgsqlTypes.NpgsqlDbType.Text, (object?)silo?.ToParsableString() ?? DBNull.Value);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<Tuple<MembershipEntry, string>>();

        // No version row means the table was never initialised for this cluster: an empty table whose etag
        // matches nothing, so writes fail until a silo initialises it.
        var version = new TableVersion(0, "");
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            version = new TableVersion(reader.GetInt32(0), reader.GetString(1));
            if (!reader.IsDBNull(2))
            {
                rows.Add(MembershipRow.Read(reader, 2));
            }
        }

        return new MembershipTableData(rows, version);
    }

    /// <summary>Locks the cluster's version row for this transaction and says whether its etag is the expected one.</summary>
    private async Task<bool> LockVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TableVersion expected, CancellationToken cancellationToken)
    {
        // FOR UPDATE makes concurrent writers of one cluster queue here; the one that waited then reads the
        // winner's new etag, so of two writers holding the same version exactly one succeeds.
        await using var command = new NpgsqlCommand(
            "SELECT etag FROM orleans_membership_versions WHERE cluster_id = @cluster_id FOR UPDATE",
            connection,
            transaction);
        command.Parameters.AddWithValue("cluster_id", _clusterId);
        var current = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        return current is not null && string.Equals(current, expected.VersionEtag, StringComparison.Ordinal);
    }

    private async Task BumpVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TableVersion next, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE orleans_membership_versions SET version = @version, etag = @etag, updated_at = now() WHERE cluster_id = @cluster_id",
            connection,
            transaction);
        command.Parameters.AddWithValue("cluster_id", _clusterId);
        command.Parameters.AddWithValue("version", next.Version);
        command.Parameters.AddWithValue("etag", NewEtag());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string NewEtag() => Guid.NewGuid().ToString("N");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Membership {Operation} of {Silo} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string operation, SiloAddress silo, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} defunct silo rows of cluster {ClusterId} last updated before {Before}")]
    private static partial void LogDefunctRemoved(ILogger logger, int count, string clusterId, DateTimeOffset before);
}
