using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Simulator;

/// <summary>
/// One open charge point WebSocket speaking OCPP-J (1.6 or 2.0.1, which frame alike): at most one outstanding CALL of its own, answers to
/// the central system's calls, and a receive loop that ends when the socket does.
/// </summary>
public sealed class OcppClientConnection : IAsyncDisposable
{
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);
    private readonly ClientWebSocket _socket;
    private readonly OcppConnectionHooks _hooks;
    private readonly OcppVersion _version;
    private readonly SemaphoreSlim _callGate = new(1, 1);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _sendBuffer = new(512);
    private readonly CancellationTokenSource _closed = new();
    private PendingCall? _pending;
    private long _nextMessageId;

    private OcppClientConnection(ClientWebSocket socket, OcppConnectionHooks hooks, OcppVersion version)
    {
        _socket = socket;
        _hooks = hooks;
        _version = version;
        Completion = ReceiveLoopAsync();
    }

    /// <summary>Completes when the connection has closed, whoever closed it.</summary>
    public Task Completion { get; }

    public bool IsOpen => !_closed.IsCancellationRequested;

    /// <summary>Why the central system closed the socket, when it did.</summary>
    public string? CloseDescription => _socket.CloseStatus is { } status ? $"{(int)status} {_socket.CloseStatusDescription}".TrimEnd() : null;

    /// <summary>Starts serving an open socket; the connection owns it from now on.</summary>
    /// <param name="socket">The open socket.</param>
    /// <param name="hooks">Who answers the central system's calls and hears about frames.</param>
    /// <param name="version">The version spoken, which spells the CALLERROR codes this side sends.</param>
    public static OcppClientConnection Start(ClientWebSocket socket, OcppConnectionHooks hooks, OcppVersion version = OcppVersion.V16)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(hooks);
        return new OcppClientConnection(socket, hooks, version);
    }

    /// <summary>Sends a CALL once no other CALL of this connection is outstanding, and waits for its answer.</summary>
    public Task<CallOutcome> CallAsync(string action, JsonElement payload, TimeSpan timeout, CancellationToken cancellationToken) =>
        CallCoreAsync(
            id => SendAsync(new OcppCall(id, action, payload), cancellationToken),
            messageId: null,
            timeout,
            cancellationToken);

    /// <summary>Sends a hand-written CALL frame whose message id is <paramref name="messageId"/> and waits for its answer.</summary>
    public Task<CallOutcome> CallRawAsync(string messageId, ReadOnlyMemory<byte> frame, TimeSpan timeout, CancellationToken cancellationToken) =>
        CallCoreAsync(_ => SendRawAsync(frame, cancellationToken), messageId, timeout, cancellationToken);

    /// <summary>Sends any frame as it is, outside the one-call-at-a-time rule.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }

        _hooks.OnFrame?.Invoke(FrameDirection.Sent, frame);
    }

    /// <summary>Closes with a close handshake, then drops the socket if the central system does not answer in time.</summary>
    public async Task CloseAsync(string reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
            await _sendLock.WaitAsync(timeout.Token);
            try
            {
                if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason, timeout.Token);
                }
            }
            finally
            {
                _sendLock.Release();
            }

            await Completion.WaitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone or too slow to answer the close: dropping the socket is all that is left.
        }

        Abort();
    }

    /// <summary>Drops the socket at once, as a power cut or a lost network would.</summary>
    public void Abort()
    {
        _closed.Cancel();
        _socket.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        await Completion;
        _socket.Dispose();
        _closed.Dispose();
    }

    private async Task<CallOutcome> CallCoreAsync(Func<string, Task> send, string? messageId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _callGate.WaitAsync(cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            return CallOutcome.NotConnected;
        }

        try
        {
            if (!IsOpen)
            {
                return CallOutcome.NotConnected;
            }

            var id = messageId ?? (++_nextMessageId).ToString(CultureInfo.InvariantCulture);
            var pending = new PendingCall(id);
            _pending = pending;
            var started = Stopwatch.GetTimestamp();
            try
            {
                await send(id);
                var answer = await pending.Answer.Task.WaitAsync(timeout, cancellationToken);
                var latency = Stopwatch.GetElapsedTime(started);
                return answer switch
                {
                    OcppCallResult result => CallOutcome.FromResult(result.Payload, latency),
                    OcppCallError error => CallOutcome.FromError(error, latency),
                    _ => CallOutcome.Disconnected,
                };
            }
            catch (TimeoutException)
            {
                return CallOutcome.TimedOut(Stopwatch.GetElapsedTime(started));
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException
                || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return CallOutcome.Disconnected;
            }
        }
        finally
        {
            _pending = null;
            _callGate.Release();
        }
    }

    private async Task SendAsync(OcppMessage message, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            _sendBuffer.ResetWrittenCount();
            OcppFrameWriter.Write(_sendBuffer, message, _version);
            await _socket.SendAsync(_sendBuffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            _hooks.OnFrame?.Invoke(FrameDirection.Sent, _sendBuffer.WrittenMemory);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        // Yield first so that the constructor returns before the loop touches the socket.
        await Task.Yield();
        var buffer = new ArrayBufferWriter<byte>(1024);
        try
        {
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(1024), _closed.Token);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await AnswerCloseAsync();
                    return;
                }

                _hooks.OnFrame?.Invoke(FrameDirection.Received, buffer.WrittenMemory);
                await OnFrameAsync(buffer.WrittenSpan.ToArray());
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The socket is gone; the owner learns it from Completion.
        }
        finally
        {
            _closed.Cancel();
            _pending?.Answer.TrySetResult(null);
        }
    }

    private async Task OnFrameAsync(byte[] frame)
    {
        var read = OcppFrameReader.Read(frame);
        if (!read.IsSuccess)
        {
            _hooks.OnProtocolIssue?.Invoke($"Unreadable frame from the central system: {read.Error.Description}");
            if (read.Error.MessageType == OcppMessageType.Call)
            {
                await SendAsync(read.Error.ToCallError(), _closed.Token);
            }

            return;
        }

        switch (read.Message)
        {
            case OcppCall call:
                var reply = AnswerServerCall(call);
                await SendAsync(reply.Reply, _closed.Token);
                if (reply.AfterReply is { } after)
                {
                    _ = RunAfterReplyAsync(after, call.Action);
                }

                break;
            case var answer when _pending is { } pending && pending.Id == answer.MessageId:
                pending.Answer.TrySetResult(answer);
                break;
            default:
                _hooks.OnProtocolIssue?.Invoke($"Answer {read.Message.MessageId} matches no outstanding call.");
                break;
        }
    }

    private ServerCallReply AnswerServerCall(OcppCall call)
    {
        try
        {
            return _hooks.OnServerCall(call);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A fault in the charge point's logic must not take the connection down: the central system gets an answer.
            _hooks.OnProtocolIssue?.Invoke($"Answering {call.Action} failed: {ex.Message}");
            return new ServerCallReply(new OcppCallError(call.MessageId, OcppErrorCode.InternalError, ex.Message));
        }
    }

    private async Task RunAfterReplyAsync(Func<Task> after, string action)
    {
        try
        {
            await after();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _hooks.OnProtocolIssue?.Invoke($"Follow-up of {action} failed: {ex.Message}");
        }
    }

    private async Task AnswerCloseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
            await _sendLock.WaitAsync(timeout.Token);
            try
            {
                if (_socket.State == WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closing anyway.
        }
    }

    /// <remarks>
    /// Continuations run on the receive loop, so the caller's next call is often sent without a thread hop;
    /// callers never block, which keeps that safe and the load generator cheap.
    /// </remarks>
    private sealed class PendingCall(string id)
    {
        public string Id { get; } = id;

        public TaskCompletionSource<OcppMessage?> Answer { get; } = new();
    }
}
