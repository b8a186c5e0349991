using System.Net.Http.Json;

namespace OrleansCsms.Simulator;

/// <summary>Makes sure id tags exist on the central system, through its REST API (PUT /api/id-tags/{tag}).</summary>
public static class IdTagProvisioner
{
    /// <summary>
    /// Puts every tag with status Accepted; <paramref name="apiBase"/> is the API root, such as http://127.0.0.1:8180/api.
    /// <paramref name="maxActiveTransactions"/> sets how many transactions each may be in at once (0: no limit; the
    /// central system's default when null).
    /// </summary>
    public static async Task CreateAsync(HttpClient http, Uri apiBase, IEnumerable<string> idTags, CancellationToken cancellationToken, int? maxActiveTransactions = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(apiBase);
        ArgumentNullException.ThrowIfNull(idTags);
        var root = apiBase.ToString().TrimEnd('/');
        foreach (var tag in idTags)
        {
            using var response = await http.PutAsJsonAsync(new Uri($"{root}/id-tags/{Uri.EscapeDataString(tag)}"), new { status = "Accepted", maxActiveTransactions }, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new HttpRequestException($"PUT id-tags/{tag} answered {(int)response.StatusCode}: {body}");
            }
        }
    }
}
