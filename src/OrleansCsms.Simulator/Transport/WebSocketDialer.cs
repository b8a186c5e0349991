using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Simulator;

/// <summary>
/// Opens charge point WebSockets through shared HTTP handlers, optionally spreading them over several local
/// source addresses: one address has only ~28,000 ephemeral ports towards one server port.
/// </summary>
public sealed class WebSocketDialer : IDisposable
{
    private readonly HttpMessageInvoker[] _invokers;
    private readonly TimeSpan _connectTimeout;
    private readonly string _subprotocol;

    /// <param name="sourceAddresses">Local addresses to spread connections over; null or empty lets the operating system choose.</param>
    /// <param name="connectTimeout">How long a handshake may take.</param>
    /// <param name="version">The OCPP version offered as the WebSocket subprotocol.</param>
    public WebSocketDialer(IReadOnlyList<IPAddress>? sourceAddresses, TimeSpan connectTimeout, OcppVersion version = OcppVersion.V16)
    {
        _connectTimeout = connectTimeout;
        _subprotocol = OcppVersions.ToSubprotocol(version);
        _invokers = sourceAddresses is { Count: > 0 }
            ? [.. sourceAddresses.Select(address => new HttpMessageInvoker(CreateHandler(address)))]
            : [new HttpMessageInvoker(CreateHandler(null))];
    }

    /// <summary>
    /// Opens the WebSocket of <paramref name="identity"/> at <paramref name="uri"/>; <paramref name="slot"/> picks
    /// the source address. Throws <see cref="WebSocketException"/> when the handshake fails or is refused.
    /// </summary>
    public async Task<ClientWebSocket> ConnectAsync(Uri uri, string identity, string? password, int slot, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(_subprotocol);
        socket.Options.CollectHttpResponseDetails = true;

        // The central system pings; a second ping stream from every charge point would only add load.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        if (password is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{identity}:{password}")));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_connectTimeout);
        try
        {
            await socket.ConnectAsync(uri, _invokers[(uint)slot % (uint)_invokers.Length], timeout.Token);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new WebSocketException(WebSocketError.Faulted, $"No handshake within {_connectTimeout.TotalSeconds:0.#} s.");
        }
        catch
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            if (status is not 0 and not HttpStatusCode.SwitchingProtocols)
            {
                throw new WebSocketException(WebSocketError.NotAWebSocket, $"Handshake refused with HTTP {(int)status}.");
            }

            throw;
        }
    }

    /// <summary>The URI of a charge point: its identity appended to the endpoint as the last path segment.</summary>
    public static Uri ChargePointUri(Uri endpoint, string identity)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var text = endpoint.ToString().TrimEnd('/');
        return new Uri($"{text}/{Uri.EscapeDataString(identity)}");
    }

    public void Dispose()
    {
        foreach (var invoker in _invokers)
        {
            invoker.Dispose();
        }
    }

    private static SocketsHttpHandler CreateHandler(IPAddress? source)
    {
        var handler = new SocketsHttpHandler { UseProxy = false, UseCookies = false };
        if (source is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return handler;
    }
}
