namespace OrleansCsms.Simulator;

/// <summary>
/// The simulated time of one connector's meter: it keeps pace with the clock, runs ahead of it when sessions
/// are sped up, and never stands still or goes back, so every reading carries a time of its own. Two readings
/// with the same time would be one reading twice to a central system.
/// </summary>
public sealed class ConnectorClock
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);
    private readonly Lock _lock = new();
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    /// <summary>The current simulated time, at least the clock's.</summary>
    public DateTimeOffset Now
    {
        get
        {
            lock (_lock)
            {
                _now = Max(_now, DateTimeOffset.UtcNow);
                return _now;
            }
        }
    }

    /// <summary>Moves on by <paramref name="simulated"/> (at least a millisecond) and returns the new time.</summary>
    public DateTimeOffset Advance(TimeSpan simulated)
    {
        lock (_lock)
        {
            _now = Max(_now + (simulated > Tick ? simulated : Tick), DateTimeOffset.UtcNow);
            return _now;
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
