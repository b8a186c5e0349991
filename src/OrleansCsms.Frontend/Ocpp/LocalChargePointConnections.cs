using System.Collections.Concurrent;
using System.Text.Json;
using OrleansCsms.Grains;
using OrleansCsms.Runtime.Diagnostics;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>The sockets this front-end holds, by connection id; grains in this process reach them directly.</summary>
public sealed class LocalChargePointConnections : IChargePointConnections, IDisposable
{
    private readonly ConcurrentDictionary<string, OcppConnection> _connections = new(StringComparer.Ordinal);
    private readonly FrontEndIdentity _frontEnd;
    private readonly IDisposable _gauge;

    public LocalChargePointConnections(FrontEndIdentity frontEnd)
    {
        _frontEnd = frontEnd;
        _gauge = CsmsInstruments.ObserveConnections(() => Count);
    }

    /// <summary>Number of open charge point connections.</summary>
    public int Count => _connections.Count;

    public Task<ChargePointCallResult> CallAsync(ChargePointSession session, string action, JsonElement payload, TimeSpan timeout, CancellationToken cancellationToken) =>
        IsHere(session)
            ? CallAsync(session.ConnectionId, action, payload, timeout, cancellationToken)
            : Task.FromResult(new ChargePointCallResult(CallOutcome.NotConnected));

    public Task CloseAsync(ChargePointSession session, string reason, CancellationToken cancellationToken) =>
        IsHere(session) ? CloseAsync(session.ConnectionId, reason, cancellationToken) : Task.CompletedTask;

    /// <summary>Calls a connection by id (for a silo reaching this front-end).</summary>
    public Task<ChargePointCallResult> CallAsync(string connectionId, string action, JsonElement payload, TimeSpan timeout, CancellationToken cancellationToken) =>
        _connections.TryGetValue(connectionId, out var connection)
            ? connection.CallAsync(action, payload, timeout, cancellationToken)
            : Task.FromResult(new ChargePointCallResult(CallOutcome.NotConnected));

    /// <summary>Closes a connection by id (for a silo reaching this front-end).</summary>
    public Task CloseAsync(string connectionId, string reason, CancellationToken cancellationToken) =>
        _connections.TryGetValue(connectionId, out var connection) ? connection.CloseAsync(reason, cancellationToken) : Task.CompletedTask;

    internal void Add(OcppConnection connection) => _connections[connection.ConnectionId] = connection;

    internal void Remove(OcppConnection connection) => _connections.TryRemove(new KeyValuePair<string, OcppConnection>(connection.ConnectionId, connection));

    // A session of another front-end, or of this process before a restart, names no socket here.
    private bool IsHere(ChargePointSession session) => session.FrontEndId == _frontEnd.Id;

    public void Dispose() => _gauge.Dispose();
}
