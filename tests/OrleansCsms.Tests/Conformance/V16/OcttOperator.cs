using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansCsms.Tests.Conformance.V16;

/// <summary>
/// The operator of a test case: the steps the OCTT document marks "Op:" (the CSMS must be made to send a request)
/// and the test data it needs, done through the REST API. A command answers with what the charge point answered.
/// </summary>
internal sealed class OcttOperator(CsmsHost host)
{
    /// <summary>A fresh id tag known to the CSMS with <paramref name="status"/> (Accepted, Blocked, Expired or Invalid).</summary>
    public async Task<string> IdTagAsync(string status = "Accepted")
    {
        var idTag = Fresh.IdTag();
        await ReadAsync(await host.Api.PutAsJsonAsync($"/api/id-tags/{idTag}", new { status }), $"PUT id tag {idTag}");
        return idTag;
    }

    public async Task<JsonElement> PostAsync(string path, object? body = null) =>
        await ReadAsync(await host.Api.PostAsJsonAsync(path, body ?? new { }), $"POST {path}");

    public async Task<JsonElement> PutAsync(string path, object body) =>
        await ReadAsync(await host.Api.PutAsJsonAsync(path, body), $"PUT {path}");

    public async Task<JsonElement> GetAsync(string path) =>
        await ReadAsync(await host.Api.GetAsync(path), $"GET {path}");

    /// <summary>The transactions the CSMS holds of a charge point.</summary>
    public async Task<List<JsonElement>> TransactionsOfAsync(string chargePointId) =>
        [.. (await GetAsync($"/api/transactions?chargePointId={chargePointId}")).GetProperty("items").EnumerateArray()];

    /// <summary>The last status the CSMS recorded of a connector.</summary>
    public async Task<JsonElement> ConnectorAsync(string chargePointId, int connectorId)
    {
        var details = await GetAsync($"/api/charge-points/{chargePointId}");
        var connectors = details.GetProperty("connectors").EnumerateArray().ToList();
        var connector = connectors.Where(c => c.GetProperty("connectorId").GetInt32() == connectorId).Cast<JsonElement?>().FirstOrDefault();
        Assert.True(connector is not null, $"Expected the CSMS to hold a status of connector {connectorId} of {chargePointId}, but it holds {details.GetProperty("connectors")}.");
        return connector.Value;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string request)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Expected {request} to succeed, but it answered {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}
