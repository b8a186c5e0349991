using System.Net;
using System.Net.Http.Json;

namespace OrleansCsms.Simulator;

/// <summary>Makes sure id tags exist on the central system, through its REST API (PUT /api/id-tags/{tag}).</summary>
public static class IdTagProvisioner
{
    /// <summary>The environment variable the operator API key is read from, as the deployment scripts name it.</summary>
    public const string ApiKeyVariable = "CSMS_API_KEY";

    /// <summary>The header the operator API reads a key from.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>A client for the operator API that sends <paramref name="apiKey"/>, when there is one, with every request.</summary>
    public static HttpClient ApiClient(string? apiKey)
    {
        var http = new HttpClient();
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            http.DefaultRequestHeaders.Add(ApiKeyHeader, apiKey);
        }

        return http;
    }

    /// <summary>
    /// Puts every tag with status Accepted; <paramref name="apiBase"/> is the API root, such as http://127.0.0.1:8180/api.
    /// <paramref name="maxActiveTransactions"/> sets how many transactions each may be in at once (0: no limit; the
    /// central system's default when null). A refusal or an unreachable API throws <see cref="IdTagProvisioningException"/>
    /// with a one-line message saying what to do.
    /// </summary>
    public static async Task CreateAsync(HttpClient http, Uri apiBase, IEnumerable<string> idTags, CancellationToken cancellationToken, int? maxActiveTransactions = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(apiBase);
        ArgumentNullException.ThrowIfNull(idTags);
        var root = apiBase.ToString().TrimEnd('/');
        foreach (var tag in idTags)
        {
            HttpResponseMessage response;
            try
            {
                response = await http.PutAsJsonAsync(new Uri($"{root}/id-tags/{Uri.EscapeDataString(tag)}"), new { status = "Accepted", maxActiveTransactions }, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new IdTagProvisioningException($"Could not create id tags at {root}: {ex.Message}", ex);
            }

            using (response)
            {
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    throw new IdTagProvisioningException(
                        $"The central system refused to create id tags at {root} ({(int)response.StatusCode} {response.StatusCode}): pass an operator API key with --api-key or {ApiKeyVariable}.");
                }

                if (!response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    throw new IdTagProvisioningException($"PUT id-tags/{tag} answered {(int)response.StatusCode}: {body.ReplaceLineEndings(" ")}");
                }
            }
        }
    }
}

/// <summary>Id tags could not be created on the central system; the message says why in one line.</summary>
public sealed class IdTagProvisioningException(string message, Exception? inner = null) : Exception(message, inner);
