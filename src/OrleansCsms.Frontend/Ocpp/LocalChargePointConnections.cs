using System.Collections.Concurrent;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>The sockets this front-end holds, by connection id, for the connection gauge.</summary>
public sealed class LocalChargePointConnections
{
    private readonly ConcurrentDictionary<string, OcppConnection> _connections = new(StringComparer.Ordinal);

    /// <summary>Number of open charge point connections.</summary>
    public int Count => _connections.Count;

    internal void Add(OcppConnection connection) => _connections[connection.ConnectionId] = connection;

    internal void Remove(OcppConnection connection) => _connections.TryRemove(new KeyValuePair<string, OcppConnection>(connection.ConnectionId, connection));
}
