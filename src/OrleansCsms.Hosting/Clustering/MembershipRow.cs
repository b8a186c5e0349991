using Npgsql;
using NpgsqlTypes;

namespace OrleansCsms.Hosting.Clustering;

/// <summary>How a <see cref="MembershipEntry"/> maps onto a row of <c>orleans_membership</c>, both ways.</summary>
internal static class MembershipRow
{
    /// <summary>The entry columns in the order <see cref="Read"/> expects them, followed by the row etag.</summary>
    public const string Columns =
        "m.silo_address, m.status, m.suspecting_silos, m.suspect_times, m.proxy_port, m.host_name, m.silo_name, " +
        "m.role_name, m.update_zone, m.fault_zone, m.start_time, m.i_am_alive_time, m.etag";

    /// <summary>Binds every entry field as the parameters the insert and update statements name.</summary>
    public static void Bind(NpgsqlCommand command, MembershipEntry entry)
    {
        var suspects = entry.SuspectTimes ?? [];
        command.Parameters.AddWithValue("silo_address", entry.SiloAddress.ToParsableString());
        command.Parameters.AddWithValue("status", (int)entry.Status);
        command.Parameters.Add(new NpgsqlParameter("suspecting_silos", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = suspects.Select(suspect => suspect.Item1.ToParsableString()).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter("suspect_times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = suspects.Select(suspect => Timestamps.AsUtc(suspect.Item2)).ToArray(),
        });
        command.Parameters.AddWithValue("proxy_port", entry.ProxyPort);
        command.Parameters.AddWithValue("host_name", NpgsqlDbType.Text, (object?)entry.HostName ?? DBNull.Value);
        command.Parameters.AddWithValue("silo_name", NpgsqlDbType.Text, (object?)entry.SiloName ?? DBNull.Value);
        command.Parameters.AddWithValue("role_name", NpgsqlDbType.Text, (object?)entry.RoleName ?? DBNull.Value);
        command.Parameters.AddWithValue("update_zone", entry.UpdateZone);
        command.Parameters.AddWithValue("fault_zone", entry.FaultZone);
        command.Parameters.AddWithValue("start_time", NpgsqlDbType.TimestampTz, Timestamps.AsUtc(entry.StartTime));
        command.Parameters.AddWithValue("i_am_alive_time", NpgsqlDbType.TimestampTz, Timestamps.AsUtc(entry.IAmAliveTime));
    }

    /// <summary>Reads an entry and its etag starting at column <paramref name="first"/>.</summary>
    public static Tuple<MembershipEntry, string> Read(NpgsqlDataReader reader, int first)
    {
        var suspectingSilos = reader.GetFieldValue<string[]>(first + 2);
        var suspectTimes = reader.GetFieldValue<DateTime[]>(first + 3);
        var entry = new MembershipEntry
        {
            SiloAddress = SiloAddress.FromParsableString(reader.GetString(first)),
            Status = (SiloStatus)reader.GetInt32(first + 1),
            SuspectTimes = suspectingSilos
                .Zip(suspectTimes, (silo, at) => Tuple.Create(SiloAddress.FromParsableString(silo), at))
                .ToList(),
            ProxyPort = reader.GetInt32(first + 4),
            HostName = reader.IsDBNull(first + 5) ? null! : reader.GetString(first + 5),
            SiloName = reader.IsDBNull(first + 6) ? null! : reader.GetString(first + 6),
            RoleName = reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7),
            UpdateZone = reader.GetInt32(first + 8),
            FaultZone = reader.GetInt32(first + 9),
            StartTime = reader.GetFieldValue<DateTime>(first + 10),
            IAmAliveTime = reader.GetFieldValue<DateTime>(first + 11),
        };
        return Tuple.Create(entry, reader.GetString(first + 12));
    }
}
