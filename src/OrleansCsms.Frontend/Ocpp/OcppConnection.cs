using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OrleansCsms.Frontend.Metrics;
using OrleansCsms.Grains;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>
/// One charge point's WebSocket: reads frames, answers its calls in order, and carries server-initiated calls
/// to it, at most one outstanding at a time. It is also the link the charge point grain pushes calls through.
/// </summary>
public sealed partial class OcppConnection
{
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);
    private readonly WebSocket _socket;
    private readonly IOcppCallHandler _handler;
    private readonly ChargePointLink _chargePoint;
    private readonly OcppFrameLog _log;
    private readonly OcppMetrics _metrics;
    private readonly OcppOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<OcppCall> _incomingCalls;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SemaphoreSlim _outgoingCallGate = new(1, 1);
    private readonly CancellationTokenSource _closed = new();
    private PendingCall? _pending;
    private volatile bool _closing;
    private int _consecutiveErrors;

    internal OcppConnection(
        WebSocket socket, string chargePointId, IChargePointGrain chargePoint, OcppVersion version, IOcppCallHandler handler, OcppFrameLog log, OcppMetrics metrics, OcppOptions options, ILogger logger)
    {
        _socket = socket;
        ChargePointId = chargePointId;

        // One grain reference for the connection's life: building one per call (GetGrain) cost about a tenth of the host's CPU per heartbeat.
        _chargePoint = new ChargePointLink(chargePoint, chargePointId, TimeSpan.FromSeconds(options.HeartbeatForwardSeconds));
        Version = version;
        _handler = handler;
        _log = log;
        _metrics = metrics;
        _options = options;
        _logger = logger;
        Socket = new ChargePointSocket(this);
        _incomingCalls = Channel.CreateBounded<OcppCall>(new BoundedChannelOptions(options.MaxQueuedCalls) { SingleReader = true, SingleWriter = true });
    }

    public string ConnectionId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>What the charge point's grain calls this connection through.</summary>
    public IChargePointSocket Socket { get; }

    public string ChargePointId { get; }

    public OcppVersion Version { get; }

    /// <summary>Runs the connection until the socket closes or <paramref name="aborted"/> fires.</summary>
    public async Task RunAsync(CancellationToken aborted)
    {
        // An aborted request closes the connection: one registration, where a linked token source would cost an object
        // and a registration on each side for as long as the charge point stays connected.
        using var abortRegistration = aborted.UnsafeRegister(static closed => ((CancellationTokenSource)closed!).Cancel(), _closed);
        var calls = AnswerCallsAsync(_closed.Token);
        try
        {
            await ReceiveAsync(_closed.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The charge point went away or the host is stopping; its grain is told below.
        }
        finally
        {
            _incomingCalls.Writer.TryComplete();
            await _closed.CancelAsync();
            _pending?.Reply.TrySetResult(new ChargePointCallResult(CallOutcome.NotConnected));
        }

        await calls;
    }

    public async Task<ChargePointCallResult> CallAsync(string action, JsonElement payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_closing)
        {
            return new ChargePointCallResult(CallOutcome.NotConnected);
        }

        if (OutgoingCalls.Refusal(Version, action, payload) is { } refusal)
        {
            // Never put a frame on the wire that the charge point's version does not define.
            return new ChargePointCallResult(CallOutcome.NotSupportedByProtocol, ErrorDescription: refusal);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        deadline.CancelAfter(timeout);
        try
        {
            // OCPP-J allows one outstanding call per direction: later calls wait their turn within their own deadline.
            await _outgoingCallGate.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            return new ChargePointCallResult(_closing || _closed.IsCancellationRequested ? CallOutcome.NotConnected : CallOutcome.TimedOut);
        }

        try
        {
            var pending = new PendingCall(Guid.NewGuid().ToString("N"), action);
            _pending = pending;
            await SendAsync(new OcppCall(pending.MessageId, action, payload), action, deadline.Token);
            using var registration = deadline.Token.Register(() => pending.Reply.TrySetResult(
                new ChargePointCallResult(_closing || _closed.IsCancellationRequested ? CallOutcome.NotConnected : CallOutcome.TimedOut)));
            return await pending.Reply.Task;
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            return new ChargePointCallResult(_closing || _closed.IsCancellationRequested ? CallOutcome.NotConnected : CallOutcome.TimedOut);
        }
        finally
        {
            _pending = null;
            _outgoingCallGate.Release();
        }
    }

    public async Task CloseAsync(string reason, CancellationToken cancellationToken)
    {
        await CloseAsync(WebSocketCloseStatus.NormalClosure, reason);
    }

    /// <summary>Closes with 1001 (going away): this front-end is stopping and the charge point should reconnect.</summary>
    internal Task GoAwayAsync() => CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "The central system is restarting; reconnect.");

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            // Wait for the next frame without holding a buffer: an idle charge point costs no receive memory.
            var first = await _socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken);
            if (first.MessageType == WebSocketMessageType.Close)
            {
                // Either the charge point hangs up, or it answers a close we sent: both end the handshake.
                await CloseAsync(WebSocketCloseStatus.NormalClosure, "Closed by the charge point.");
                return;
            }

            // Never read more than one byte past the limit: a frame is refused as soon as its bytes pass it, however
            // it is fragmented and whether or not it ever ends, and no buffer grows beyond the limit.
            var limit = _options.MaxFrameBytes;
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(4096, limit + 1));
            try
            {
                var (length, last) = (0, first);
                while (!last.EndOfMessage)
                {
                    var capacity = Math.Min(buffer.Length, limit + 1);
                    if (length == capacity)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(capacity * 2, limit + 1));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                        capacity = Math.Min(buffer.Length, limit + 1);
                    }

                    last = await _socket.ReceiveAsync(buffer.AsMemory(length, capacity - length), cancellationToken);
                    if (last.MessageType == WebSocketMessageType.Close)
                    {
                        await CloseAsync(WebSocketCloseStatus.NormalClosure, "Closed by the charge point.");
                        return;
                    }

                    length += last.Count;
                    if (length > limit)
                    {
                        LogOversize(_logger, ChargePointId, limit);
                        await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"Frames are limited to {limit} bytes.");
                        await DrainUntilClosedAsync(cancellationToken);
                        return;
                    }
                }

                if (_socket.State == WebSocketState.CloseSent)
                {
                    continue;
                }

                if (first.MessageType == WebSocketMessageType.Binary)
                {
                    await CloseAsync(WebSocketCloseStatus.InvalidMessageType, "OCPP-J frames are text frames.");
                    continue;
                }

                await OnFrameAsync(buffer.AsMemory(0, length), cancellationToken);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>After a close mid-frame, discards whatever the charge point still sends until it answers the close.</summary>
    private async Task DrainUntilClosedAsync(CancellationToken cancellationToken)
    {
        var scratch = new byte[1024];
        while (_socket.State == WebSocketState.CloseSent)
        {
            if ((await _socket.ReceiveAsync(scratch.AsMemory(), cancellationToken)).MessageType == WebSocketMessageType.Close)
            {
                return;
            }
        }
    }

    /// <summary>Handles one received frame.</summary>
    private async Task OnFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var read = OcppFrameReader.Read(frame.Span);
        var message = read.IsSuccess ? read.Message : null;
        _log.Received(ChargePointId, frame.Span, message, ActionOf(message));
        _metrics.FrameReceived(read);
        if (!read.IsSuccess)
        {
            await OnMalformedFrameAsync(read.Error, cancellationToken);
            return;
        }

        _consecutiveErrors = 0;
        switch (ReplaceUnstorableText(read.Message))
        {
            case OcppCall call:
                if (!_incomingCalls.Writer.TryWrite(call))
                {
                    await CloseAsync(WebSocketCloseStatus.PolicyViolation, "Too many unanswered calls.");
                }

                break;
            case OcppCallResult result:
                Complete(result.MessageId, new ChargePointCallResult(CallOutcome.Completed, result.Payload));
                break;
            case OcppCallError error:
                Complete(error.MessageId, new ChargePointCallResult(
                    CallOutcome.Failed,
                    ErrorCode: OcppErrorCodes.ToWire(error.ErrorCode, Version),
                    ErrorDescription: error.ErrorDescription,
                    ErrorDetails: error.ErrorDetails.ValueKind == JsonValueKind.Undefined ? null : error.ErrorDetails));
                break;
        }
    }

    /// <summary>
    /// Applies the one rule for text no store can hold before anything reads the message, so it is answered like any
    /// other and never with an InternalError the charge point would resend forever; says so in both logs.
    /// </summary>
    private OcppMessage ReplaceUnstorableText(OcppMessage message)
    {
        var storable = StorablePayload.Clean(message, out var replaced);
        if (replaced.Count > 0)
        {
            var action = ActionOf(message);
            _log.Replaced(ChargePointId, message, action, replaced);
            LogReplaced(_logger, ChargePointId, action ?? message.MessageType.ToString(), message.MessageId, string.Join(", ", replaced));
        }

        return storable;
    }

    private async Task OnMalformedFrameAsync(OcppFrameError error, CancellationToken cancellationToken)
    {
        // A broken answer to our own call gets no CALLERROR back: only a CALL is answered.
        if (error.MessageType is null or OcppMessageType.Call)
        {
            await SendAsync(error.ToCallError(), null, cancellationToken);
        }

        if (++_consecutiveErrors >= _options.MaxConsecutiveErrors)
        {
            LogCutOff(_logger, ChargePointId, _consecutiveErrors);
            await CloseAsync(WebSocketCloseStatus.PolicyViolation, "Too many malformed frames.");
        }
    }

    /// <summary>A call's action; for an answer, the action of the outstanding call it answers (none if it answers nothing outstanding).</summary>
    private string? ActionOf(OcppMessage? message) => message switch
    {
        OcppCall call => call.Action,
        OcppCallResult or OcppCallError when _pending is { } pending && pending.MessageId == message.MessageId => pending.Action,
        _ => null,
    };

    private void Complete(string messageId, ChargePointCallResult result)
    {
        if (_pending is { } pending && pending.MessageId == messageId)
        {
            pending.Reply.TrySetResult(result);
        }
        else
        {
            LogUnexpectedReply(_logger, ChargePointId, messageId);
        }
    }

    private async Task AnswerCallsAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The wait takes no token: completing the queue when the connection ends wakes it, and an idle connection
            // keeps no enumerator and no registration while it waits.
            var reader = _incomingCalls.Reader;
            while (await reader.WaitToReadAsync(CancellationToken.None))
            {
                if (!reader.TryRead(out var call))
                {
                    continue;
                }

                var dequeuedAt = Stopwatch.GetTimestamp();
                OcppMessage answer;
                try
                {
                    answer = await _handler.HandleAsync(_chargePoint, call, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Whatever went wrong with this call, the charge point gets an answer and the connection goes on
                    // answering the next ones.
                    LogCallFailed(_logger, ex, ChargePointId, call.Action, call.MessageId);
                    answer = new OcppCallError(call.MessageId, OcppErrorCode.InternalError, "The message could not be processed and nothing was acknowledged; send it again later.");
                }

                await SendAsync(answer, call.Action, cancellationToken);
                _metrics.CallAnswered(Version, call.Action, dequeuedAt);
                if (call.Action == "BootNotification" && answer is OcppCallResult)
                {
                    await BootAnsweredAsync();
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The socket is gone; whatever was committed stays committed and the charge point will resend the rest.
        }
    }

    /// <summary>Tells the grain the boot was answered: commands queued while the charge point was offline may follow now.</summary>
    private async Task BootAnsweredAsync()
    {
        try
        {
            // One-way: nothing waits for the queue to be sent.
            await _chargePoint.Grain.BootAnsweredAsync();
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // The queue stays pending for the next boot; the connection goes on answering calls.
            LogBootAnsweredLost(_logger, ex, ChargePointId);
        }
    }

    private async Task SendAsync(OcppMessage message, string? action, CancellationToken cancellationToken)
    {
        var bytes = OcppFrameWriter.ToBytes(message, Version);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }

        _log.Sent(ChargePointId, bytes, message, action);
        _metrics.FrameSent(message);
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        _closing = true;
        _pending?.Reply.TrySetResult(new ChargePointCallResult(CallOutcome.NotConnected));
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            _incomingCalls.Writer.TryComplete();
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _sendLock.WaitAsync(timeout.Token);
                try
                {
                    await _socket.CloseOutputAsync(status, Truncate(reason), timeout.Token);
                }
                finally
                {
                    _sendLock.Release();
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Already gone.
            }
        }

        // The charge point has a few seconds to answer the close before the socket is dropped.
        _closed.CancelAfter(CloseHandshakeTimeout);
    }

    private static string Truncate(string reason) =>
        Encoding.UTF8.GetByteCount(reason) <= 123 ? reason : reason[..60];

    private sealed record PendingCall(string MessageId, string Action)
    {
        public TaskCompletionSource<ChargePointCallResult> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charge point {ChargePointId}: its grain could not be told its boot was answered; queued commands wait for the next boot")]
    private static partial void LogBootAnsweredLost(ILogger logger, Exception exception, string chargePointId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charge point {ChargePointId} sent a frame over {Limit} bytes; connection closed")]
    private static partial void LogOversize(ILogger logger, string chargePointId, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charge point {ChargePointId} cut off after {Count} consecutive malformed frames")]
    private static partial void LogCutOff(ILogger logger, string chargePointId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charge point {ChargePointId} sent {Action} {MessageId} with text no store can hold in {Fields}; replaced with U+FFFD")]
    private static partial void LogReplaced(ILogger logger, string chargePointId, string action, string messageId, string fields);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Charge point {ChargePointId} answered {MessageId}, which is not the outstanding call")]
    private static partial void LogUnexpectedReply(ILogger logger, string chargePointId, string messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Charge point {ChargePointId}: {Action} {MessageId} could not be handled; answered InternalError")]
    private static partial void LogCallFailed(ILogger logger, Exception exception, string chargePointId, string action, string messageId);
}
