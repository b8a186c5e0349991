using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace OrleansCsms.Testing;

/// <summary>
/// A charge point for tests, over a real WebSocket: sends calls and waits for their answers, answers the
/// server's calls, and checks every frame the server sends against the official schemas of the OCPP version it
/// speaks (1.6 unless connected with <see cref="ConnectV201Async(CsmsHost, string, string?)"/>).
/// </summary>
public sealed class TestChargePoint : IAsyncDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<string, (string? Action, TaskCompletionSource<JsonArray> Reply)> _pending = new();
    private readonly ConcurrentQueue<string> _schemaViolations = new();
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _receiving;
    private int _nextId;
    private int _unansweredServerCalls;

    private readonly bool _v201;

    private TestChargePoint(string id, ClientWebSocket socket, bool v201 = false)
    {
        Id = id;
        _socket = socket;
        _v201 = v201;
        _receiving = ReceiveAsync();
    }

    public string Id { get; }

    /// <summary>Answers the server's calls; by default every call is answered with {"status":"Accepted"}.</summary>
    public Func<string, JsonElement, ServerCallAnswer> OnServerCall { get; set; } = (_, _) => ServerCallAnswer.Result(new { status = "Accepted" });

    /// <summary>The server's calls received so far (action and payload), in order.</summary>
    public ConcurrentQueue<(string Action, JsonElement Payload)> ServerCalls { get; } = new();

    /// <summary>The most server calls that were ever outstanding (sent to this charge point, not yet answered) at once.</summary>
    public int MaxUnansweredServerCalls { get; private set; }

    /// <summary>Completes with the close status when the server closes the socket.</summary>
    public Task<WebSocketCloseStatus?> Closed => _closed.Task;

    public static async Task<TestChargePoint> ConnectAsync(CsmsHost host, string id, string? password = null, string prefix = "ocpp")
    {
        var socket = await OpenAsync(host.OcppUri(id, prefix), id, password, ["ocpp1.6"]);
        return new TestChargePoint(id, socket);
    }

    /// <summary>Connects as an OCPP 2.0.1 charging station: offers only ocpp2.0.1, and checks the server's frames against the 2.0.1 schemas.</summary>
    public static async Task<TestChargePoint> ConnectV201Async(CsmsHost host, string id, string? password = null)
    {
        var socket = await OpenAsync(host.OcppUri(id), id, password, ["ocpp2.0.1"]);
        Assert.True(socket.SubProtocol == "ocpp2.0.1", $"Expected the server to choose ocpp2.0.1 for {id}, but it chose '{socket.SubProtocol}'.");
        return new TestChargePoint(id, socket, v201: true);
    }

    /// <summary>Connects to any OCPP URL (ws or wss), with Basic credentials and, over wss, the TLS settings of a charge point.</summary>
    public static async Task<TestChargePoint> ConnectAsync(Uri uri, string id, string? password = null, ChargePointTls? tls = null)
    {
        var socket = await OpenAsync(uri, id, password, ["ocpp1.6"], tls);
        return new TestChargePoint(id, socket);
    }

    /// <summary>Connects as an OCPP 2.0.1 charging station to any OCPP URL (ws or wss), with Basic credentials and, over wss, the TLS settings of a station.</summary>
    public static async Task<TestChargePoint> ConnectV201Async(Uri uri, string id, string? password = null, ChargePointTls? tls = null)
    {
        var socket = await OpenAsync(uri, id, password, ["ocpp2.0.1"], tls);
        Assert.True(socket.SubProtocol == "ocpp2.0.1", $"Expected the server to choose ocpp2.0.1 for {id}, but it chose '{socket.SubProtocol}'.");
        return new TestChargePoint(id, socket, v201: true);
    }

    /// <summary>The HTTP status with which the server refuses an OCPP 2.0.1 station's handshake (0: refused during TLS); fails when it upgrades the connection instead.</summary>
    public static Task<System.Net.HttpStatusCode> RefusalV201Async(Uri uri, string id, string? password = null, ChargePointTls? tls = null) =>
        RefusalAsync(uri, id, password, tls, "ocpp2.0.1");

    /// <summary>The HTTP status with which the server refuses a handshake; fails when it upgrades the connection instead.</summary>
    public static async Task<System.Net.HttpStatusCode> RefusalAsync(Uri uri, string id, string? password = null, ChargePointTls? tls = null, string subprotocol = "ocpp1.6")
    {
        using var socket = NewSocket(id, password, [subprotocol], tls);
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        Assert.Fail($"Expected the server to refuse the handshake of {id} at {uri}, but it upgraded the connection.");
        return default;
    }

    /// <summary>Opens a WebSocket the way a charge point would; throws <see cref="WebSocketException"/> when the handshake is refused.</summary>
    public static async Task<ClientWebSocket> OpenAsync(Uri uri, string id, string? password, IEnumerable<string> subprotocols, ChargePointTls? tls = null)
    {
        var socket = NewSocket(id, password, subprotocols, tls);
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        await socket.ConnectAsync(uri, timeout.Token);
        return socket;
    }

    private static ClientWebSocket NewSocket(string id, string? password, IEnumerable<string> subprotocols, ChargePointTls? tls)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (tls is not null)
        {
            socket.Options.RemoteCertificateValidationCallback = tls.Trust.TrustServer;
            if (tls.ClientCertificate is { } certificate)
            {
                socket.Options.ClientCertificates = [certificate];
            }
        }

        foreach (var protocol in subprotocols)
        {
            socket.Options.AddSubProtocol(protocol);
        }

        if (password is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{password}")));
        }

        return socket;
    }

    /// <summary>Sends a CALL and returns the CALLRESULT payload; throws <see cref="OcppCallErrorException"/> on a CALLERROR.</summary>
    public async Task<JsonElement> CallAsync(string action, object payload)
    {
        var id = $"m{Interlocked.Increment(ref _nextId)}-{Guid.NewGuid():N}"[..30];
        var frame = new JsonArray(2, id, action, JsonSerializer.SerializeToNode(payload, Json.Options));
        var reply = await SendAndWaitAsync(id, action, frame.ToJsonString());
        if (reply[0]!.GetValue<int>() == 4)
        {
            throw new OcppCallErrorException(reply[2]!.GetValue<string>(), reply[3]!.GetValue<string>());
        }

        return JsonSerializer.SerializeToElement(reply[2]);
    }

    /// <summary>
    /// Sends a CALL whose payload is <paramref name="payloadJson"/> exactly as written (e.g. with a lone surrogate escape
    /// no serializer would produce) and returns the CALLRESULT payload, checked against the official schemas like any
    /// other; throws <see cref="OcppCallErrorException"/> on a CALLERROR.
    /// </summary>
    public async Task<JsonElement> CallRawAsync(string action, string payloadJson, string? messageId = null)
    {
        var id = messageId ?? $"r{Interlocked.Increment(ref _nextId)}-{Guid.NewGuid():N}"[..30];
        var reply = await SendAndWaitAsync(id, action, $"[2,{JsonSerializer.Serialize(id)},{JsonSerializer.Serialize(action)},{payloadJson}]");
        if (reply[0]!.GetValue<int>() == 4)
        {
            throw new OcppCallErrorException(reply[2]!.GetValue<string>(), reply[3]!.GetValue<string>());
        }

        return JsonSerializer.SerializeToElement(reply[2]);
    }

    /// <summary>Sends any text and returns the next CALLERROR or CALLRESULT carrying <paramref name="expectedMessageId"/>.</summary>
    public Task<JsonArray> SendRawAsync(string text, string expectedMessageId) => SendAndWaitAsync(expectedMessageId, null, text);

    /// <summary>Sends any text without waiting for an answer.</summary>
    public Task SendTextAsync(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Throws when any frame from the server so far broke the official schemas.</summary>
    public void AssertAllServerFramesValid() =>
        Assert.True(_schemaViolations.IsEmpty, $"Every frame the server sends must be valid against the official OCPP {(_v201 ? "2.0.1" : "1.6")} schemas, but: {string.Join("; ", _schemaViolations)}");

    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }

        await _closed.Task.WaitAsync(ReplyTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync();
        }
        catch (Exception ex) when (ex is WebSocketException or TimeoutException or OperationCanceledException)
        {
            _socket.Abort();
        }

        await _receiving;
        _socket.Dispose();
        AssertAllServerFramesValid();
    }

    private async Task<JsonArray> SendAndWaitAsync(string id, string? action, string text)
    {
        var reply = new TaskCompletionSource<JsonArray>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = (action, reply);
        await SendTextAsync(text);
        try
        {
            return await reply.Task.WaitAsync(ReplyTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Charge point {Id} got no answer to {action ?? "a raw frame"} {id} within {ReplyTimeout.TotalSeconds} s.");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1024 * 1024];
        try
        {
            while (true)
            {
                var (result, length) = await WebSocketMessages.ReceiveAsync(_socket, buffer);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closed.TrySetResult(result.CloseStatus);
                    return;
                }

                await OnFrameAsync(JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, length))!.AsArray());
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _closed.TrySetResult(_socket.CloseStatus);
        }
    }

    private async Task OnFrameAsync(JsonArray frame)
    {
        var type = frame[0]!.GetValue<int>();
        var id = frame[1]!.GetValue<string>();
        if (type == 2)
        {
            var action = frame[2]!.GetValue<string>();
            var payload = JsonSerializer.SerializeToElement(frame[3]);
            Check(action, request: true, payload);
            ServerCalls.Enqueue((action, payload));
            var unanswered = Interlocked.Increment(ref _unansweredServerCalls);
            lock (ServerCalls)
            {
                MaxUnansweredServerCalls = Math.Max(MaxUnansweredServerCalls, unanswered);
            }

            var answer = OnServerCall(action, payload);
            if (answer.NoAnswer)
            {
                Interlocked.Decrement(ref _unansweredServerCalls);
                return;
            }

            var reply = answer.ErrorCode is { } code
                ? new JsonArray(4, id, code, answer.ErrorDescription ?? "", new JsonObject())
                : new JsonArray(3, id, JsonSerializer.SerializeToNode(answer.Payload, Json.Options));
            if (answer.Delay > TimeSpan.Zero)
            {
                // Answer later, as a slow charger does, while this loop keeps reading: a second call arriving
                // meanwhile shows up in MaxUnansweredServerCalls.
                _ = Task.Run(async () =>
                {
                    await Task.Delay(answer.Delay);
                    Interlocked.Decrement(ref _unansweredServerCalls);
                    await SendTextAsync(reply.ToJsonString());
                });
                return;
            }

            Interlocked.Decrement(ref _unansweredServerCalls);
            await SendTextAsync(reply.ToJsonString());
            return;
        }

        if (_pending.TryGetValue(id, out var pending))
        {
            if (type == 3 && pending.Action is { } action)
            {
                Check(action, request: false, JsonSerializer.SerializeToElement(frame[2]));
            }
            else if (type == 4 && (frame.Count != 5 || frame[2]?.GetValueKind() != JsonValueKind.String || frame[4]?.GetValueKind() != JsonValueKind.Object))
            {
                _schemaViolations.Enqueue($"malformed CALLERROR {frame.ToJsonString()}");
            }

            pending.Reply.TrySetResult(frame);
        }
        else if (id == "-1" && _pending.TryGetValue("-1", out var unknown))
        {
            unknown.Reply.TrySetResult(frame);
        }
    }

    private void Check(string action, bool request, JsonElement payload)
    {
        var violations = _v201 ? OfficialSchemas.ValidateV201(action, request, payload) : OfficialSchemas.ValidateV16(action, request, payload);
        foreach (var violation in violations)
        {
            _schemaViolations.Enqueue($"{action}.{(request ? "req" : "conf")} {violation}");
        }
    }
}

/// <summary>A charge point's TLS settings: the authority it trusts the server by, and the client certificate it presents (profile 3).</summary>
public sealed record ChargePointTls(TestCertificates Trust, System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate = null);

/// <summary>How a test charge point answers a server call: a CALLRESULT payload, a CALLERROR, or silence.</summary>
public sealed record ServerCallAnswer(object? Payload, string? ErrorCode = null, string? ErrorDescription = null, bool NoAnswer = false)
{
    /// <summary>How long the charge point takes to answer.</summary>
    public TimeSpan Delay { get; init; }

    public static ServerCallAnswer Result(object payload) => new(payload);

    public static ServerCallAnswer Error(string code, string description) => new(null, code, description);

    public static ServerCallAnswer Silence { get; } = new(null, NoAnswer: true);
}

/// <summary>The server answered a call with a CALLERROR.</summary>
public sealed class OcppCallErrorException(string errorCode, string description) : Exception($"CALLERROR {errorCode}: {description}")
{
    public string ErrorCode { get; } = errorCode;

    public string Description { get; } = description;
}

/// <summary>JSON settings of test payloads: camelCase, nulls left out.</summary>
public static class Json
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
