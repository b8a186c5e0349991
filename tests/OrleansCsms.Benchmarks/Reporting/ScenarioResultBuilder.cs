using System.Diagnostics;
using OrleansCsms.Simulator;

namespace OrleansCsms.Benchmarks;

/// <summary>Collects a scenario's figures as it goes, so that even a scenario that fails halfway reports what it got.</summary>
public sealed class ScenarioResultBuilder(string name, string title, string description, BenchmarkContext context)
{
    private readonly List<Measurement> _measurements = [];
    private readonly List<TargetCheck> _targets = [];
    private readonly List<string> _notes = [];
    private readonly Dictionary<string, CpuUsage> _cpu = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimulationReport> _runs = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    public string Host { get; set; } = "not started";

    public string? Failure { get; set; }

    public void Measure(string metric, double value, string unit) => _measurements.Add(new Measurement(metric, value, unit));

    public void Target(string metric, double target, double measured, string unit, bool higherIsBetter) =>
        _targets.Add(new TargetCheck(metric, target, measured, unit, higherIsBetter));

    public void Note(string note) => _notes.Add(note);

    public void Cpu(string phase, CpuUsage usage) => _cpu[phase] = usage;

    /// <summary>The CPU use recorded for <paramref name="phase"/>, if any.</summary>
    public CpuUsage? Cpu(string phase) => _cpu.GetValueOrDefault(phase);

    public void Run(string phase, SimulationReport report) => _runs[phase] = report;

    public ScenarioResult Build() => new(
        name,
        title,
        description,
        context.Profile.Quick,
        _startedAt,
        _elapsed.Elapsed.TotalSeconds,
        Host,
        context.Machine,
        [.. _measurements],
        [.. _targets],
        [.. _notes],
        new Dictionary<string, CpuUsage>(_cpu, StringComparer.Ordinal),
        new Dictionary<string, SimulationReport>(_runs, StringComparer.Ordinal),
        Failure);
}
