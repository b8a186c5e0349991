using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace OrleansCsms.Testing;

/// <summary>
/// WebSocket handshakes and frames written byte by byte, for what no well-behaved client sends: a request target kept
/// exactly as written, a refused upgrade read as plain HTTP, a frame that announces more bytes than it delivers.
/// </summary>
public sealed class RawWebSocket : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly byte[] _mask = RandomNumberGenerator.GetBytes(4);
    private long _masked;

    private RawWebSocket(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>
    /// Sends a WebSocket upgrade as plain HTTP to <paramref name="target"/> (escapes kept as written) and returns the
    /// answer: a refusal with its status, headers and problem body, or 101 when the server upgraded.
    /// </summary>
    public static async Task<HttpResponseMessage> UpgradeAsync(CsmsHost host, string target, IEnumerable<string> subprotocols, string? authorization = null)
    {
        using var request = UpgradeRequest(host, target, subprotocols, authorization);
        return await host.Api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Opens an OCPP 1.6 connection over a bare TCP socket; throws unless the server upgrades it.</summary>
    public static async Task<RawWebSocket> ConnectAsync(CsmsHost host, string chargePointId)
    {
        var client = new TcpClient();
        await client.ConnectAsync(host.BaseAddress.Host, host.BaseAddress.Port);
        var socket = new RawWebSocket(client);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET /ocpp/{Uri.EscapeDataString(chargePointId)} HTTP/1.1\r\nHost: {host.BaseAddress.Authority}\r\n" +
            $"Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Protocol: ocpp1.6\r\n\r\n";
        await socket._stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var head = await socket.ReadHeadAsync();
        if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
        {
            await socket.DisposeAsync();
            throw new InvalidOperationException($"Expected the server to upgrade the connection of {chargePointId}, but it answered: {head}");
        }

        return socket;
    }

    /// <summary>
    /// Starts a text frame (or the continuation of a fragmented one) that announces <paramref name="announcedLength"/>
    /// payload bytes and sends only <paramref name="payload"/>.
    /// </summary>
    public async Task StartFrameAsync(long announcedLength, ReadOnlyMemory<byte> payload, bool final = true, bool continuation = false)
    {
        var header = new byte[14];
        header[0] = (byte)((final ? 0x80 : 0x00) | (continuation ? 0x0 : 0x1));
        header[1] = 0x80 | 127;
        for (var i = 0; i < 8; i++)
        {
            header[2 + i] = (byte)(announcedLength >> (8 * (7 - i)));
        }

        _mask.CopyTo(header, 10);
        _masked = 0;
        await _stream.WriteAsync(header);
        await SendPayloadAsync(payload);
    }

    /// <summary>Sends more bytes of the frame in progress.</summary>
    public async Task SendPayloadAsync(ReadOnlyMemory<byte> payload)
    {
        var bytes = payload.ToArray();
        for (var i = 0; i < bytes.Length; i++, _masked++)
        {
            bytes[i] ^= _mask[_masked % 4];
        }

        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>
    /// Reads the server's frames until its close frame and returns the close status code; null if the socket just ends,
    /// -1 if nothing closed it within <paramref name="timeout"/>.
    /// </summary>
    public async Task<int?> CloseStatusWithinAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            return await ReceiveCloseStatusAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            return -1;
        }
    }

    private async Task<int?> ReceiveCloseStatusAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var header = new byte[2];
            if (!await ReadExactlyAsync(header, cancellationToken))
            {
                return null;
            }

            long length = header[1] & 0x7F;
            if (length >= 126)
            {
                var extended = new byte[length == 126 ? 2 : 8];
                await ReadExactlyAsync(extended, cancellationToken);
                length = extended.Aggregate(0L, (value, b) => (value << 8) | b);
            }

            var payload = new byte[length];
            await ReadExactlyAsync(payload, cancellationToken);
            if ((header[0] & 0x0F) == 0x8)
            {
                return payload.Length >= 2 ? (payload[0] << 8) | payload[1] : null;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static HttpRequestMessage UpgradeRequest(CsmsHost host, string target, IEnumerable<string> subprotocols, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseAddress, target));
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
        var offered = string.Join(", ", subprotocols);
        if (offered.Length > 0)
        {
            request.Headers.Add("Sec-WebSocket-Protocol", offered);
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }

    private async Task<string> ReadHeadAsync()
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await _stream.ReadAsync(one) == 0)
            {
                break;
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, cancellationToken);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }
}
