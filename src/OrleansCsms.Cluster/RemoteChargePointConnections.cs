using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansCsms.Grains;
using OrleansCsms.Runtime;

namespace OrleansCsms.Cluster;

/// <summary>A server-initiated call as sent to the front-end that holds the socket.</summary>
public sealed record ConnectionCallMessage(string Action, JsonElement Payload, TimeSpan Timeout);

/// <summary>
/// How grains on a silo reach charge point sockets: through the front-end named in the session, over its
/// internal endpoint. A front-end that is gone means the charge point is not connected.
/// </summary>
public sealed class RemoteChargePointConnections(HttpClient http, FrontEndDirectory frontEnds, IOptions<ClusterOptions> options) : IChargePointConnections
{
    public async Task<ChargePointCallResult> CallAsync(ChargePointSession session, string action, JsonElement payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (await frontEnds.AddressOfAsync(session.FrontEndId, cancellationToken) is not { } address)
        {
            return new ChargePointCallResult(CallOutcome.NotConnected);
        }

        // The front-end enforces the call's deadline; the HTTP request gets a little longer so its answer can arrive.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout + TimeSpan.FromSeconds(5));
        try
        {
            using var response = await SendAsync(address, session.ConnectionId, "call", new ConnectionCallMessage(action, payload, timeout), deadline.Token);
            return await response.Content.ReadFromJsonAsync<ChargePointCallResult>(GrainJson.Options, deadline.Token)
                ?? new ChargePointCallResult(CallOutcome.NotConnected);
        }
        catch (HttpRequestException)
        {
            return new ChargePointCallResult(CallOutcome.NotConnected);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ChargePointCallResult(CallOutcome.TimedOut);
        }
    }

    public async Task CloseAsync(ChargePointSession session, string reason, CancellationToken cancellationToken)
    {
        if (await frontEnds.AddressOfAsync(session.FrontEndId, cancellationToken) is not { } address)
        {
            return;
        }

        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await SendAsync(address, session.ConnectionId, "close", new { reason }, deadline.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            // The front-end is gone, and with it the socket.
        }
    }

    private async Task<HttpResponseMessage> SendAsync<T>(string address, string connectionId, string verb, T body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{address.TrimEnd('/')}/internal/connections/{Uri.EscapeDataString(connectionId)}/{verb}")
        {
            Content = JsonContent.Create(body, options: GrainJson.Options),
        };
        request.Headers.Add(ClusterHeaders.Secret, options.Value.Secret);
        var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return response;
    }
}
