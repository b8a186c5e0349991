using System.ComponentModel.DataAnnotations;

namespace OrleansCsms.Hosting;

/// <summary>How a silo or front-end joins the cluster, bound from the "Cluster" configuration section.</summary>
public sealed class CsmsClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>Names the cluster in the membership table; silos and front-ends of one deployment share it.</summary>
    [Required]
    public string ClusterId { get; set; } = "csms";

    /// <summary>Part of every reminder key: never change it once a deployment holds data.</summary>
    [Required]
    public string ServiceId { get; set; } = "csms";

    /// <summary>The address other silos and front-ends reach this silo at; loopback by default (one machine).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Port for silo-to-silo messages.</summary>
    [Range(1, 65_535)]
    public int SiloPort { get; set; } = 11_111;

    /// <summary>Port front-ends connect to as Orleans clients.</summary>
    [Range(1, 65_535)]
    public int GatewayPort { get; set; } = 30_000;

    /// <summary>
    /// How long a grain call may go unanswered, in seconds. A call in flight to a silo that died is failed only when
    /// this passes, so it bounds how long such a call waits; calls that wait on a charge point set their own.
    /// </summary>
    [Range(1, 600)]
    public int ResponseTimeoutSeconds { get; set; } = 3;
}
