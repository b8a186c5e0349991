namespace OrleansCsms.Benchmarks;

/// <summary>
/// Sizes and durations of every scenario: the quick profile fits the whole suite in about two minutes, the
/// full one in about ten.
/// </summary>
public sealed record BenchmarkProfile(bool Quick)
{
    /// <summary>Connections the capacity scenario ramps to.</summary>
    public int CapacityTarget { get; init; } = Quick ? 1_000 : 10_000;

    public double CapacityRampPerSecond => Quick ? 500 : 1_000;

    /// <summary>How long the connections stay idle before the memory is measured, and must all stay up.</summary>
    public TimeSpan CapacityHold => Quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(10);

    public int SteadyChargePoints => Quick ? 100 : 500;

    /// <summary>
    /// How long a flood runs before it is measured. A host started moments earlier spends its first seconds compiling
    /// its hot code to the final tier (more than half a fresh silo's CPU goes to the JIT in its first 15 s), which a
    /// server that has been running does not; the cluster starts four such processes at once.
    /// </summary>
    public TimeSpan SteadyWarmUp => Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(20);

    public TimeSpan SteadyMeasure => Quick ? TimeSpan.FromSeconds(8) : TimeSpan.FromSeconds(30);

    public int StormChargePoints => Quick ? 100 : 500;

    public int StormSessionsPerChargePoint => Quick ? 3 : 10;

    /// <summary>The storm is cut off here if the host cannot keep up.</summary>
    public TimeSpan StormTimeout => Quick ? TimeSpan.FromSeconds(60) : TimeSpan.FromMinutes(5);

    /// <summary>Transactions whose stored meter values are read back one by one.</summary>
    public int StormDetailChecks => Quick ? 50 : 300;

    public int RemoteStartChargePoints => 16;

    public TimeSpan RemoteStartWarmUp => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);

    public TimeSpan RemoteStartMeasure => Quick ? TimeSpan.FromSeconds(4) : TimeSpan.FromSeconds(15);
}
