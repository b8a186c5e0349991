using System.Collections.Concurrent;
using System.Text.Json;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>The sockets this front-end holds, by connection id; grains in this process reach them directly.</summary>
public sealed class LocalChargePointConnections(FrontEndIdentity frontEnd) : IChargePointConnections
{
    private readonly ConcurrentDictionary<string, OcppConnection> _connections = new(StringComparer.Ordinal);

    /// <summary>Number of open charge point connections.</summary>
    public int Count => _connections.Count;

    public Task<ChargePointCallResult> CallAsync(ChargePointSession session, string action, JsonElement payload, TimeSpan timeout, CancellationToken cancellationToken) =>
        Find(session) is { } connection
            ? connection.CallAsync(action, payload, timeout, cancellationToken)
            : Task.FromResult(new ChargePointCallResult(CallOutcome.NotConnected));

    public Task CloseAsync(ChargePointSession session, string reason, CancellationToken cancellationToken) =>
        Find(session) is { } connection ? connection.CloseAsync(reason, cancellationToken) : Task.CompletedTask;

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

    private OcppConnection? Find(ChargePointSession session) =>
        session.FrontEndId == frontEnd.Id && _connections.TryGetValue(session.ConnectionId, out var connection) ? connection : null;
}
