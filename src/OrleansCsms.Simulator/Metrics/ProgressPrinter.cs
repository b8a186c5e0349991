using System.Globalization;

namespace OrleansCsms.Simulator;

/// <summary>A status line every second while a simulation runs: connections, sessions, message rate and errors.</summary>
public sealed class ProgressPrinter
{
    private readonly TextWriter _output;
    private readonly SimulationMetrics _metrics;
    private readonly Func<int> _chargePoints;

    public ProgressPrinter(TextWriter output, SimulationMetrics metrics, Func<int> chargePoints)
    {
        _output = output;
        _metrics = metrics;
        _chargePoints = chargePoints;
    }

    /// <summary>An optional prefix, such as the benchmark scenario's name.</summary>
    public string Label { get; init; } = "";

    /// <summary>Prints until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var lastMessages = _metrics.Messages;
        var lastTime = _metrics.Elapsed;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var messages = _metrics.Messages;
                var time = _metrics.Elapsed;
                var seconds = (time - lastTime).TotalSeconds;
                var rate = seconds > 0 && messages >= lastMessages ? (messages - lastMessages) / seconds : 0;
                (lastMessages, lastTime) = (messages, time);
                _output.WriteLine(Line(rate));
            }
        }
        catch (OperationCanceledException)
        {
            // Done.
        }
    }

    private string Line(double rate) => string.Create(CultureInfo.InvariantCulture,
        $"{Label}[{_metrics.Elapsed:hh\\:mm\\:ss}] connected {_metrics.Connected:N0}/{_chargePoints():N0} | booted {_metrics.Accepted:N0} | sessions {_metrics.ActiveSessions:N0} | {rate:N0} msg/s | queued {_metrics.QueuedTransactionMessages:N0} | errors {_metrics.TotalErrors:N0}");
}
