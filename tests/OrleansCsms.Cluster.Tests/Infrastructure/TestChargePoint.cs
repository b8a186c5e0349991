using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>
/// An OCPP 1.6J charge point for tests over a real WebSocket: sends calls and waits for their answers, answers the
/// server's calls with {"status":"Accepted"}, and can reconnect to another front-end after losing its socket.
/// </summary>
public sealed class TestChargePoint(string id) : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly ConcurrentQueue<string> _serverCalls = new();
    private readonly SemaphoreSlim _serverCallSeen = new(0);
    private Connection? _connection;
    private int _nextMessageId;

    public string Id { get; } = id;

    /// <summary>The front-end the current socket goes to.</summary>
    public Uri? Endpoint => _connection?.Endpoint;

    public bool IsConnected => _connection is { IsOpen: true };

    /// <summary>Completes when the current socket is lost or closed.</summary>
    public Task Disconnected => _connection?.Closed ?? Task.CompletedTask;

    /// <summary>Actions of the server's calls received so far, in order.</summary>
    public IReadOnlyCollection<string> ServerCalls => _serverCalls;

    /// <summary>Opens a socket to <paramref name="endpoint"/> (ws://host/ocpp/{id}), dropping any previous one.</summary>
    public async Task ConnectAsync(Uri endpoint, TimeSpan timeout)
    {
        if (_connection is { } previous)
        {
            previous.Abort();
        }

        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("ocpp1.6");
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(5);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(endpoint, deadline.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _connection = new Connection(this, socket, endpoint);
    }

    /// <summary>
    /// Sends a CALL and returns the CALLRESULT payload. Throws <see cref="OcppCallErrorException"/> on a CALLERROR,
    /// <see cref="ChargePointDisconnectedException"/> when the socket is lost first, <see cref="TimeoutException"/> without an answer.
    /// </summary>
    public async Task<JsonElement> CallAsync(string action, object payload, TimeSpan timeout)
    {
        var connection = _connection is { IsOpen: true } open ? open : throw new ChargePointDisconnectedException($"{Id} is not connected.");
        var messageId = $"{Interlocked.Increment(ref _nextMessageId)}-{Guid.NewGuid():N}"[..32];
        var frame = new JsonArray(2, messageId, action, JsonSerializer.SerializeToNode(payload, Json)).ToJsonString();
        var reply = await connection.SendCallAsync(messageId, frame, timeout, $"{action} {messageId}");
        if (reply[0]!.GetValue<int>() == 4)
        {
            throw new OcppCallErrorException(action, reply[2]!.GetValue<string>(), reply[3]?.GetValue<string>() ?? "");
        }

        return JsonSerializer.SerializeToElement(reply[2]);
    }

    /// <summary>Waits until the server has sent a call of <paramref name="action"/>.</summary>
    public async Task WaitForServerCallAsync(string action, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!_serverCalls.Contains(action))
        {
            try
            {
                await _serverCallSeen.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Charge point {Id} received no {action} within {timeout.TotalSeconds:0} s; it received [{string.Join(", ", _serverCalls)}].");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.CloseAsync();
        }
    }

    private void OnServerCall(string action)
    {
        _serverCalls.Enqueue(action);
        _serverCallSeen.Release();
    }

    /// <summary>One socket and its receive loop; a reconnect makes a new one.</summary>
    private sealed class Connection
    {
        private readonly TestChargePoint _owner;
        private readonly ClientWebSocket _socket;
        private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonArray>> _pending = new(StringComparer.Ordinal);
        private readonly SemaphoreSlim _sending = new(1, 1);
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Connection(TestChargePoint owner, ClientWebSocket socket, Uri endpoint)
        {
            _owner = owner;
            _socket = socket;
            Endpoint = endpoint;
            _ = ReceiveAsync();
        }

        public Uri Endpoint { get; }

        public bool IsOpen => !_closed.Task.IsCompleted && _socket.State == WebSocketState.Open;

        public Task Closed => _closed.Task;

        public async Task<JsonArray> SendCallAsync(string messageId, string frame, TimeSpan timeout, string what)
        {
            var reply = new TaskCompletionSource<JsonArray>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[messageId] = reply;
            try
            {
                await SendAsync(frame);
                return await reply.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Charge point {_owner.Id} got no answer to {what} from {Endpoint.Authority} within {timeout.TotalSeconds:0.#} s.");
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
                throw new ChargePointDisconnectedException($"Charge point {_owner.Id} lost its socket to {Endpoint.Authority} while sending {what}.", ex);
            }
            finally
            {
                _pending.TryRemove(messageId, out _);
            }
        }

        public void Abort()
        {
            _socket.Abort();
            Fail();
        }

        public async Task CloseAsync()
        {
            try
            {
                if (_socket.State == WebSocketState.Open)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                _socket.Abort();
            }

            Fail();
            _socket.Dispose();
        }

        private async Task SendAsync(string text)
        {
            await _sending.WaitAsync();
            try
            {
                await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
            }
            finally
            {
                _sending.Release();
            }
        }

        private async Task ReceiveAsync()
        {
            var buffer = new byte[256 * 1024];
            try
            {
                while (true)
                {
                    var length = 0;
                    WebSocketReceiveResult result;
                    do
                    {
                        result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), CancellationToken.None);
                        length += result.Count;
                    }
                    while (!result.EndOfMessage);

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    await OnFrameAsync(JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, length))!.AsArray());
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Lost: pending calls fail below and the charge point reconnects.
            }
            finally
            {
                Fail();
            }
        }

        private async Task OnFrameAsync(JsonArray frame)
        {
            var type = frame[0]!.GetValue<int>();
            var messageId = frame[1]!.GetValue<string>();
            if (type == 2)
            {
                _owner.OnServerCall(frame[2]!.GetValue<string>());
                await SendAsync(new JsonArray(3, messageId, new JsonObject { ["status"] = "Accepted" }).ToJsonString());
            }
            else if (_pending.TryGetValue(messageId, out var reply))
            {
                reply.TrySetResult(frame);
            }
        }

        private void Fail()
        {
            _closed.TrySetResult();
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new ChargePointDisconnectedException($"Charge point {_owner.Id} lost its socket to {Endpoint.Authority}."));
            }
        }
    }
}

/// <summary>The server answered a call with a CALLERROR.</summary>
public sealed class OcppCallErrorException(string action, string errorCode, string description)
    : Exception($"{action} got CALLERROR {errorCode}: {description}")
{
    public string ErrorCode { get; } = errorCode;
}

/// <summary>The charge point's socket was lost before an answer arrived.</summary>
public sealed class ChargePointDisconnectedException : Exception
{
    public ChargePointDisconnectedException(string message)
        : base(message)
    {
    }

    public ChargePointDisconnectedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
