namespace OrleansCsms.Benchmarks;

/// <summary>One benchmark scenario: starts its own host, measures, and reports whatever it got even when cut short.</summary>
public interface IBenchmarkScenario
{
    /// <summary>The name on the command line and of the result files.</summary>
    string Name { get; }

    Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken);
}
