namespace OrleansCsms.Benchmarks;

/// <summary>
/// The host's CPU cost per message, and the rate that cost allows per core: on a shared machine the measured
/// rate follows whatever else runs, while the cost per message says what the host itself needs.
/// </summary>
public static class HostCost
{
    public static void Measure(ScenarioResultBuilder result, string prefix, CpuUsage cpu, long messages)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(cpu);
        if (messages <= 0 || cpu.HostCpuSeconds <= 0)
        {
            return;
        }

        var microseconds = cpu.HostCpuSeconds * 1e6 / messages;
        result.Measure(prefix.Length == 0 ? "Host CPU per message" : $"{prefix}host CPU per message", microseconds, "µs");
        result.Measure(prefix.Length == 0 ? "Messages per second one host core allows at that cost" : $"{prefix}messages per second one host core allows at that cost", 1e6 / microseconds, "/s");
    }
}
