namespace OrleansCsms.Frontend.Ocpp;

/// <summary>How many charge point sockets this front-end holds, for the connection gauge.</summary>
public sealed class LocalChargePointConnections
{
    private int _count;

    /// <summary>Number of open charge point connections.</summary>
    public int Count => Volatile.Read(ref _count);

    internal void Opened() => Interlocked.Increment(ref _count);

    internal void Closed() => Interlocked.Decrement(ref _count);
}
