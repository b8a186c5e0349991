using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace OrleansCsms.Frontend.Api;

/// <summary>One silo as Orleans' membership shows it, with what it reports of itself.</summary>
public sealed record SiloMember(string Address, string Name, string Status, string? HostName, DateTimeOffset StartedAt, DateTimeOffset? IAmAliveAt,
    int? Activations, int? Clients);

/// <summary>The cluster at one moment, for operators.</summary>
public sealed record ClusterSnapshot(IReadOnlyList<SiloMember> Silos, int ActiveSilos, int Activations);

/// <summary>GET /api/cluster: the silos, their status and load, from Orleans' management grain.</summary>
public static class ClusterApi
{
    public static RouteGroupBuilder MapClusterApi(this RouteGroupBuilder api)
    {
        api.MapGet("/cluster", GetAsync)
            .WithName("GetCluster")
            .WithSummary("Lists the cluster's silos with their status, activations and connected front-ends.")
            .WithTags("Cluster");
        return api;
    }

    public static async Task<Ok<ClusterSnapshot>> GetAsync([FromServices] IGrainFactory grains)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var active = hosts.Where(h => h.Status == SiloStatus.Active).Select(h => h.SiloAddress).ToArray();
        var statistics = active.Length == 0 ? [] : await management.GetRuntimeStatistics(active);
        var bySilo = active.Zip(statistics).ToDictionary(p => p.First, p => p.Second);
        var silos = hosts
            .OrderBy(h => h.SiloName, StringComparer.Ordinal)
            .Select(h => new SiloMember(
                h.SiloAddress.ToString(), h.SiloName, h.Status.ToString(), h.HostName,
                new DateTimeOffset(h.StartTime, TimeSpan.Zero), h.IAmAliveTime == default ? null : new DateTimeOffset(h.IAmAliveTime, TimeSpan.Zero),
                bySilo.TryGetValue(h.SiloAddress, out var s) ? s.ActivationCount : null,
                bySilo.TryGetValue(h.SiloAddress, out s) ? (int)s.ClientCount : null))
            .ToList();
        return TypedResults.Ok(new ClusterSnapshot(silos, active.Length, statistics.Sum(s => s.ActivationCount)));
    }
}
