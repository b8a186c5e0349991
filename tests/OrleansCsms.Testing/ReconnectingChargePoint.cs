using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansCsms.Testing;

/// <summary>
/// An OCPP 1.6J charge point that outlives its sockets, as a real charger does: it sends calls and waits for their
/// answers, answers the server's calls (with {"status":"Accepted"} unless told otherwise), and opens a new socket,
/// possibly to another front-end, after losing one. <see cref="TestChargePoint"/> is the one-socket kind.
/// </summary>
public sealed class ReconnectingChargePoint(string id) : IAsyncDisposable
{
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

    /// <summary>How long the charge point takes to answer a server call.</summary>
    public TimeSpan AnswerDelay { get; set; }

    /// <summary>Actions of the server's calls received so far, in order.</summary>
    public IReadOnlyCollection<string> ServerCalls => _serverCalls;

    /// <summary>
    /// Opens a socket to <paramref name="endpoint"/> (ws://host/ocpp/{id}), dropping any previous one. Throws
    /// <see cref="ChargePointRefusedException"/> when the server answers the handshake with an HTTP status.
    /// </summary>
    public async Task ConnectAsync(Uri endpoint, TimeSpan timeout)
    {
        _connection?.Abort();
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("ocpp1.6");
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(5);
        socket.Options.CollectHttpResponseDetails = true;
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(endpoint, deadline.Token);
        }
        catch (WebSocketException ex) when (socket.HttpStatusCode != 0)
        {
            socket.Dispose();
            throw new ChargePointRefusedException(Id, socket.HttpStatusCode, ex);
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
        var frame = new JsonArray(2, messageId, action, JsonSerializer.SerializeToNode(payload, Json.Options)).ToJsonString();
        var reply = await connection.SendCallAsync(messageId, frame, timeout, $"{action} {messageId}");
        if (reply[0]!.GetValue<int>() == 4)
        {
            throw new OcppCallErrorException(reply[2]!.GetValue<string>(), reply[3]?.GetValue<string>() ?? "");
        }

        return JsonSerializer.SerializeToElement(reply[2]);
    }

    /// <summary>Waits until the server has sent <paramref name="count"/> calls of <paramref name="action"/> in all.</summary>
    public async Task WaitForServerCallsAsync(string action, int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (_serverCalls.Count(a => a == action) < count)
        {
            try
            {
                await _serverCallSeen.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"Charge point {Id} expected {count} {action} call(s) from the server within {timeout.TotalSeconds:0} s, but received [{string.Join(", ", _serverCalls)}].");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.CloseAsync();
        }

        _serverCallSeen.Dispose();
    }

    private void OnServerCall(string action)
    {
        _serverCalls.Enqueue(action);
        _serverCallSeen.Release();
    }

    /// <summary>One socket and its receive loop; a reconnect makes a new one.</summary>
    private sealed class Connection
    {
        private readonly ReconnectingChargePoint _owner;
        private readonly ClientWebSocket _socket;
        private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonArray>> _pending = new(StringComparer.Ordinal);
        private readonly SemaphoreSlim _sending = new(1, 1);
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Connection(ReconnectingChargePoint owner, ClientWebSocket socket, Uri endpoint)
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
                    var (result, length) = await WebSocketMessages.ReceiveAsync(_socket, buffer);

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    OnFrame(JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, length))!.AsArray());
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

        private void OnFrame(JsonArray frame)
        {
            var type = frame[0]!.GetValue<int>();
            var messageId = frame[1]!.GetValue<string>();
            if (type == 2)
            {
                _owner.OnServerCall(frame[2]!.GetValue<string>());

                // Answered off the receive loop, so a slow answer never holds up the answers to the charge point's own calls.
                var answer = new JsonArray(3, messageId, new JsonObject { ["status"] = "Accepted" }).ToJsonString();
                _ = AnswerAsync(answer, _owner.AnswerDelay);
            }
            else if (_pending.TryGetValue(messageId, out var reply))
            {
                reply.TrySetResult(frame);
            }
        }

        private async Task AnswerAsync(string answer, TimeSpan delay)
        {
            try
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay);
                }

                await SendAsync(answer);
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The socket went meanwhile; the server sees no answer, as with a real charger.
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

/// <summary>The server answered a charge point's WebSocket handshake with an HTTP status instead of switching protocols.</summary>
public sealed class ChargePointRefusedException(string chargePointId, System.Net.HttpStatusCode status, Exception inner)
    : Exception($"The server refused charge point {chargePointId}'s handshake with HTTP {(int)status}.", inner)
{
    public System.Net.HttpStatusCode Status { get; } = status;
}
