using System.Collections.Concurrent;

namespace OrleansCsms.Cluster;

/// <summary>Where each live front-end can be reached, read from the membership table and cached briefly.</summary>
public sealed class FrontEndDirectory(ClusterDatabase database, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (string? Address, long ReadAt)> _cache = new(StringComparer.Ordinal);

    /// <summary>The front-end's advertised address, or null when it is not (or no longer) a member.</summary>
    public async Task<string?> AddressOfAsync(string frontEndId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(frontEndId, out var cached) && time.GetElapsedTime(cached.ReadAt) < CacheFor)
        {
            return cached.Address;
        }

        await using var command = database.DataSource.CreateCommand("SELECT address FROM cluster_front_ends WHERE front_end_id = $1");
        command.Parameters.AddWithValue(frontEndId);
        var address = await command.ExecuteScalarAsync(cancellationToken) as string;
        _cache[frontEndId] = (address, time.GetTimestamp());
        return address;
    }
}
