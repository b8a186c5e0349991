using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansCsms.Ocpp;
using OrleansCsms.Ocpp.V201;

namespace OrleansCsms.Simulator.Tests;

/// <summary>
/// The least CSMS that speaks 2.0.1 over a real WebSocket on loopback: it accepts only the ocpp2.0.1 subprotocol,
/// checks every frame a station sends against the official 2.0.1 schemas, answers the station's calls with valid
/// confirmations, and lets a test send calls, drop a station and hold its reconnection.
/// </summary>
public sealed class V201TestCsms : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, WebSocket> _sockets = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _answers = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<ReceivedCall> _calls = new();
    private long _nextId;
    private volatile bool _refusing;

    private V201TestCsms(WebApplication app)
    {
        _app = app;
        app.UseWebSockets();
        app.Map("/ocpp/{identity}", ServeAsync);
    }

    /// <summary>The endpoint stations connect to, their identity appended.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every frame a station sent that the 2.0.1 schemas or OCPP-J reject, described.</summary>
    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>The calls stations made, in arrival order.</summary>
    public IReadOnlyCollection<ReceivedCall> Calls => _calls;

    public static async Task<V201TestCsms> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var csms = new V201TestCsms(builder.Build());
        await csms._app.StartAsync();
        var address = csms._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        csms.Endpoint = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/ocpp");
        return csms;
    }

    /// <summary>The TransactionEvent requests of every station, in arrival order.</summary>
    public IReadOnlyList<JsonObject> TransactionEvents(string? identity = null) =>
        [.. _calls.Where(c => c.Action == "TransactionEvent" && (identity is null || c.Identity == identity)).Select(c => c.Payload)];

    public bool IsConnected(string identity) => _sockets.ContainsKey(identity);

    /// <summary>Refuses (HTTP 503) every new connection while set, as an unreachable CSMS would.</summary>
    public void RefuseConnections(bool refuse) => _refusing = refuse;

    /// <summary>Drops a station's connection without a close handshake.</summary>
    public void Drop(string identity)
    {
        if (_sockets.TryRemove(identity, out var socket))
        {
            socket.Abort();
        }
    }

    /// <summary>Sends a CALL to a station and returns the CALLRESULT's payload; the request is checked against its schema first.</summary>
    public async Task<JsonObject> CallAsync(string identity, string action, object request)
    {
        var payload = JsonSerializer.SerializeToElement(request, request.GetType(), V201JsonContext.Default);
        Assert.True(V201Schemas.ValidateRequest(action, payload).IsValid, $"Expected the test's own {action} request to be valid.");
        var id = $"csms-{Interlocked.Increment(ref _nextId)}";
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _answers[id] = answer;
        var socket = _sockets[identity];
        var frame = OcppFrameWriter.ToBytes(new OcppCall(id, action, payload), OcppVersion.V201);
        await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var socket in _sockets.Values)
        {
            socket.Abort();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context, string identity)
    {
        if (_refusing || !context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        if (!context.WebSockets.WebSocketRequestedProtocols.Contains("ocpp2.0.1"))
        {
            _violations.Enqueue($"{identity} did not offer ocpp2.0.1 but {string.Join(", ", context.WebSockets.WebSocketRequestedProtocols)}");
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync("ocpp2.0.1");
        _sockets[identity] = socket;
        var buffer = new byte[1 << 20];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += received.Count;
                }
                while (!received.EndOfMessage);

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    break;
                }

                await HandleAsync(identity, socket, Encoding.UTF8.GetString(buffer, 0, length));
            }
        }
        catch (WebSocketException)
        {
            // The station went, or the test dropped it.
        }
        finally
        {
            _sockets.TryRemove(new KeyValuePair<string, WebSocket>(identity, socket));
        }
    }

    private async Task HandleAsync(string identity, WebSocket socket, string text)
    {
        var read = OcppFrameReader.Read(Encoding.UTF8.GetBytes(text));
        if (!read.IsSuccess)
        {
            _violations.Enqueue($"{identity} sent a frame that is not OCPP-J: {read.Error} in {text}");
            return;
        }

        switch (read.Message)
        {
            case OcppCall call:
                var validation = V201Schemas.ValidateRequest(call.Action, call.Payload);
                if (!validation.IsValid)
                {
                    _violations.Enqueue($"{identity} sent an invalid {call.Action}: {validation} in {text}");
                }

                _calls.Enqueue(new ReceivedCall(identity, call.Action, JsonNode.Parse(call.Payload.GetRawText())!.AsObject()));
                var answer = OcppFrameWriter.ToBytes(new OcppCallResult(call.MessageId, ConfirmationOf(call.Action)), OcppVersion.V201);
                await socket.SendAsync(answer, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                break;
            case OcppCallResult result when _answers.TryRemove(result.MessageId, out var waiting):
                waiting.TrySetResult(JsonNode.Parse(result.Payload.GetRawText())!.AsObject());
                break;
            case OcppCallError error when _answers.TryRemove(error.MessageId, out var waiting):
                waiting.TrySetException(new InvalidOperationException($"{identity} answered with CALLERROR {error.ErrorCode}: {error.ErrorDescription}"));
                break;
            default:
                _violations.Enqueue($"{identity} sent an answer to no call of ours: {text}");
                break;
        }
    }

    /// <summary>Answers a station's call; confirmations the CSMS sends must be valid too.</summary>
    private static JsonElement ConfirmationOf(string action)
    {
        var now = DateTimeOffset.UtcNow;
        JsonElement payload = action switch
        {
            "BootNotification" => V201Json.ToPayload(new BootNotificationConfirmation { CurrentTime = now, Interval = 300, Status = RegistrationStatusEnumType.Accepted }),
            "Heartbeat" => V201Json.ToPayload(new HeartbeatConfirmation { CurrentTime = now }),
            "Authorize" => V201Json.ToPayload(new AuthorizeConfirmation { IdTokenInfo = new IdTokenInfoType { Status = AuthorizationStatusEnumType.Accepted } }),
            "DataTransfer" => V201Json.ToPayload(new DataTransferConfirmation { Status = DataTransferStatusEnumType.Accepted }),
            _ => JsonElement.Parse("{}"),
        };
        Assert.True(V201Schemas.ValidateConfirmation(action, payload).IsValid, $"Expected the test CSMS's {action} confirmation to be valid.");
        return payload;
    }

    /// <summary>A call a station made.</summary>
    public sealed record ReceivedCall(string Identity, string Action, JsonObject Payload);
}
