namespace OrleansCsms.Simulator;

/// <summary>Counts and latencies of one action's calls.</summary>
public sealed class ActionStatistics
{
    private long _sent;
    private long _answered;
    private long _failed;

    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Calls that got a CALLRESULT.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Calls that got a CALLERROR, timed out or lost their connection.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Round trips of calls that got any answer, CALLRESULT or CALLERROR.</summary>
    public LatencyHistogram Latency { get; } = new();

    public void Record(CallOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Interlocked.Increment(ref _sent);
        if (outcome.IsResult)
        {
            Interlocked.Increment(ref _answered);
        }
        else
        {
            Interlocked.Increment(ref _failed);
        }

        if (outcome.Kind is CallOutcomeKind.Result or CallOutcomeKind.Error)
        {
            Latency.Record(outcome.Latency);
        }
    }
}
