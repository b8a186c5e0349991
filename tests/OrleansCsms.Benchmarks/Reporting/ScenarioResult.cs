using OrleansCsms.Simulator;

namespace OrleansCsms.Benchmarks;

/// <summary>One named figure of a scenario.</summary>
public sealed record Measurement(string Name, double Value, string Unit);

/// <summary>Everything one scenario measured, with where and how: the unit of the JSON and markdown files.</summary>
public sealed record ScenarioResult(
    string Name,
    string Title,
    string Description,
    bool Quick,
    DateTimeOffset StartedAt,
    double DurationSeconds,
    string Host,
    MachineInfo Machine,
    IReadOnlyList<Measurement> Measurements,
    IReadOnlyList<TargetCheck> Targets,
    IReadOnlyList<string> Notes,
    IReadOnlyDictionary<string, CpuUsage> Cpu,
    IReadOnlyDictionary<string, SimulationReport> Runs,
    string? Failure);
