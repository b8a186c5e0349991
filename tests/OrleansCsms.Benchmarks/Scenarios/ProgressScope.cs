using OrleansCsms.Simulator;

namespace OrleansCsms.Benchmarks;

/// <summary>The simulator's status line every second for as long as the scope lives.</summary>
public sealed class ProgressScope : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _printing;

    public ProgressScope(BenchmarkContext context, Simulation simulation, string label)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(simulation);
        _printing = new ProgressPrinter(context.Output, simulation.Metrics, () => simulation.ChargePoints.Count) { Label = $"  {label} " }
            .RunAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _printing;
        _stop.Dispose();
    }
}
