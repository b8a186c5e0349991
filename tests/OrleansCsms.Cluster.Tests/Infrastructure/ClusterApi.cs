using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>One silo as GET /api/cluster shows it; <see cref="Address"/> is Orleans' silo address, e.g. "S127.0.0.1:40123:123456789".</summary>
public sealed record SiloMemberView(string Address, string Name, string Status, int? Activations, int? Clients)
{
    /// <summary>The silo-to-silo port in <see cref="Address"/>, which tells which test process this silo is.</summary>
    public int SiloPort => int.Parse(Address.TrimStart('S').Split(':')[1], CultureInfo.InvariantCulture);

    public bool IsActive => Status == "Active";
}

/// <summary>The answer of GET /api/cluster.</summary>
public sealed record ClusterView(IReadOnlyList<SiloMemberView> Silos, int ActiveSilos, int Activations)
{
    /// <summary>Silo-to-silo ports of the active silos.</summary>
    public IReadOnlySet<int> ActivePorts => Silos.Where(s => s.IsActive).Select(s => s.SiloPort).ToHashSet();

    /// <summary>One line per silo, for messages.</summary>
    public string Describe() =>
        $"{ActiveSilos} active: [{string.Join(", ", Silos.Select(s => $"{s.Address} {s.Status}{(s.Activations is { } n ? $" {n} activations" : "")}"))}]";
}

/// <summary>The operator REST API of one front-end, as tests use it, with the cluster's API key when it has one.</summary>
public sealed class ClusterApi(HostProcess frontEnd, string? apiKey = null) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = Client(frontEnd.BaseAddress, apiKey);

    public HostProcess FrontEnd => frontEnd;

    public async Task<ClusterView> GetClusterAsync(CancellationToken cancellationToken = default) =>
        await _http.GetFromJsonAsync<ClusterView>(new Uri("/api/cluster", UriKind.Relative), Json, cancellationToken)
        ?? throw new InvalidOperationException($"{frontEnd.Name} answered GET /api/cluster with null.");

    /// <summary>PUT /api/id-tags/{tag} with status Accepted.</summary>
    public async Task AcceptIdTagAsync(string idTag)
    {
        using var response = await _http.PutAsJsonAsync(new Uri($"/api/id-tags/{Uri.EscapeDataString(idTag)}", UriKind.Relative), new { status = "Accepted" }, Json);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{frontEnd.Name}: PUT /api/id-tags/{idTag} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>POST /api/charge-points/{id}/remote-start; returns the HTTP status and the body.</summary>
    public async Task<(HttpStatusCode Status, string Body)> RemoteStartAsync(string chargePointId, int connectorId, string idTag)
    {
        using var response = await _http.PostAsJsonAsync(
            new Uri($"/api/charge-points/{Uri.EscapeDataString(chargePointId)}/remote-start", UriKind.Relative), new { connectorId, idTag }, Json);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient Client(Uri baseAddress, string? apiKey)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return http;
    }
}
