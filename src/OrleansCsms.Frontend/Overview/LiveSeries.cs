namespace OrleansCsms.Frontend.Overview;

/// <summary>
/// One sample of the live series: OCPP calls per second received and sent by this front-end and by the whole cluster,
/// and the power (kW) the sessions running in the cluster draw.
/// </summary>
public sealed record LiveSample(DateTimeOffset At, double MessagesPerSecond, double ClusterMessagesPerSecond, double PowerKw, int SessionsRunning);

/// <summary>The latest samples, oldest first, up to <see cref="ConsoleDataOptions.SeriesMinutes"/> of them; shared by the sampler and the API.</summary>
public sealed class LiveSeries
{
    private readonly Lock _lock = new();
    private readonly Queue<LiveSample> _samples = new();

    public void Add(LiveSample sample, TimeSpan keep)
    {
        ArgumentNullException.ThrowIfNull(sample);
        lock (_lock)
        {
            _samples.Enqueue(sample);
            while (_samples.Peek().At < sample.At - keep)
            {
                _samples.Dequeue();
            }
        }
    }

    public IReadOnlyList<LiveSample> Samples()
    {
        lock (_lock)
        {
            return [.. _samples];
        }
    }
}
