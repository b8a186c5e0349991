using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>One silo as GET /api/cluster shows it.</summary>
public sealed record SiloView(string Id, string Address, string Status, int PartitionsOwned);

/// <summary>One front-end as GET /api/cluster shows it.</summary>
public sealed record FrontEndView(string Id, string Address);

/// <summary>One partition: its owner (null when no live lease) and epoch.</summary>
public sealed record PartitionView(int Partition, string? Owner, long Epoch, DateTimeOffset? LeaseUntil);

/// <summary>The answer of GET /api/cluster.</summary>
public sealed record ClusterSnapshot(IReadOnlyList<SiloView> Silos, IReadOnlyList<FrontEndView> FrontEnds, IReadOnlyList<PartitionView> Partitions)
{
    /// <summary>The silo id behind an advertised address, e.g. the one a test is about to kill.</summary>
    public string SiloIdAt(Uri address) =>
        Silos.SingleOrDefault(s => new Uri(s.Address) == address)?.Id
        ?? throw new InvalidOperationException($"No silo at {address} in the cluster view: {Describe()}");

    /// <summary>Partitions owned per silo id, for messages.</summary>
    public string Describe() =>
        $"silos [{string.Join(", ", Silos.Select(s => $"{s.Id}@{s.Address} {s.Status} owns {s.PartitionsOwned}"))}], " +
        $"unowned partitions [{string.Join(",", Partitions.Where(p => p.Owner is null).Select(p => p.Partition))}]";
}

/// <summary>The operator REST API of one front-end, as tests use it.</summary>
public sealed class ClusterApi(HostProcess frontEnd) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new() { BaseAddress = frontEnd.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public HostProcess FrontEnd => frontEnd;

    public async Task<ClusterSnapshot> GetClusterAsync(CancellationToken cancellationToken = default) =>
        await _http.GetFromJsonAsync<ClusterSnapshot>(new Uri("/api/cluster", UriKind.Relative), Json, cancellationToken)
        ?? throw new InvalidOperationException($"{frontEnd.Name} answered GET /api/cluster with null.");

    /// <summary>PUT /api/id-tags/{tag} with status Accepted.</summary>
    public async Task AcceptIdTagAsync(string idTag)
    {
        using var response = await _http.PutAsJsonAsync(new Uri($"/api/id-tags/{Uri.EscapeDataString(idTag)}", UriKind.Relative), new { status = "Accepted" }, Json);
        await EnsureSuccessAsync(response, $"PUT /api/id-tags/{idTag}");
    }

    /// <summary>PUT /api/id-tags/{tag} with <paramref name="status"/>; returns the HTTP status and the body.</summary>
    public async Task<(int Status, string Body)> PutIdTagAsync(string idTag, string status)
    {
        using var response = await _http.PutAsJsonAsync(new Uri($"/api/id-tags/{Uri.EscapeDataString(idTag)}", UriKind.Relative), new { status }, Json);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>GET /api/id-tags/{tag}; returns the HTTP status and the body.</summary>
    public async Task<(int Status, string Body)> GetIdTagAsync(string idTag)
    {
        using var response = await _http.GetAsync(new Uri($"/api/id-tags/{Uri.EscapeDataString(idTag)}", UriKind.Relative));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>POST /api/charge-points/{id}/remote-start; returns the HTTP status and the body.</summary>
    public async Task<(int Status, string Body)> RemoteStartAsync(string chargePointId, int connectorId, string idTag)
    {
        using var response = await _http.PostAsJsonAsync(
            new Uri($"/api/charge-points/{Uri.EscapeDataString(chargePointId)}/remote-start", UriKind.Relative), new { connectorId, idTag }, Json);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{frontEnd.Name}: {what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
