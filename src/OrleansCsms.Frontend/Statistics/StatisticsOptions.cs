using System.ComponentModel.DataAnnotations;

namespace OrleansCsms.Frontend.Statistics;

/// <summary>How often this front-end reports its counters to the cluster, bound from the "Statistics" configuration section.</summary>
public sealed class StatisticsOptions
{
    /// <summary>Seconds between reports; a front-end not heard from for three of them is shown as stale.</summary>
    [Range(1, 3_600)]
    public int ReportSeconds { get; set; } = 10;
}
