using System.Text;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>
/// Which partition a grain falls in, computed as the cluster does (FNV-1a over "Type/Key", which the cluster promises
/// stays stable across processes and versions), so a test can pick keys that live on different silos.
/// </summary>
public static class GrainPlacement
{
    public static int PartitionOf(string grainType, string key, int partitions)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes($"{grainType}/{key}"))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % (uint)partitions);
    }

    /// <summary>The silo id that owns the grain's partition in <paramref name="view"/>.</summary>
    public static string? OwnerOf(this ClusterSnapshot view, string grainType, string key) =>
        view.Partitions.Single(p => p.Partition == PartitionOf(grainType, key, view.Partitions.Count)).Owner;
}
