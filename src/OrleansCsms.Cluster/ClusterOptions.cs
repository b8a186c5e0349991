using System.ComponentModel.DataAnnotations;

namespace OrleansCsms.Cluster;

/// <summary>Cluster settings, bound from the "Cluster" configuration section; the same on every process of a cluster.</summary>
public sealed class ClusterOptions
{
    /// <summary>How this process reaches the other tier and is reached by it, e.g. http://10.0.0.5:8080.</summary>
    [Required]
    [Url]
    public string AdvertisedAddress { get; set; } = "";

    /// <summary>Shared secret that internal calls between front-ends and silos carry.</summary>
    [Required]
    [MinLength(8)]
    public string Secret { get; set; } = "";

    /// <summary>Number of partitions the grain key space is cut into; fixed for the life of a cluster's database.</summary>
    [Range(1, 4096)]
    public int Partitions { get; set; } = 64;

    /// <summary>How long a partition lease lasts without renewal: the time a dead silo's partitions stay unowned.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often a process heartbeats, renews its leases and rebalances.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a grain call keeps re-resolving and retrying a moved partition or a dead silo before giving up.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>The header internal calls authenticate with.</summary>
public static class ClusterHeaders
{
    public const string Secret = "X-Csms-Cluster-Secret";
}
