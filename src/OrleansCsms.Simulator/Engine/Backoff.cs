namespace OrleansCsms.Simulator;

/// <summary>
/// Exponential backoff with jitter: a fleet that lost its connection together must not come back in lockstep.
/// </summary>
public sealed record Backoff(TimeSpan Initial, TimeSpan Max)
{
    /// <summary>The wait before retry number <paramref name="attempt"/> (0 for the first): doubling, capped, then spread by ±50%.</summary>
    public TimeSpan Delay(int attempt, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var exponential = Initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(exponential, Max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + random.NextDouble()));
    }
}
