using System.Globalization;
using System.Runtime.InteropServices;

namespace OrleansCsms.Benchmarks;

/// <summary>The machine a benchmark ran on, written next to every result.</summary>
public sealed record MachineInfo(
    string HostName,
    int LogicalCores,
    string? CpuModel,
    double MemoryGiB,
    string OperatingSystem,
    string Architecture,
    string DotNet,
    long? OpenFileLimit,
    string? EphemeralPorts)
{
    public static MachineInfo Describe() => new(
        Environment.MachineName,
        Environment.ProcessorCount,
        FirstValue("/proc/cpuinfo", "model name"),
        Math.Round(MemoryBytes() / 1024d / 1024 / 1024, 1),
        RuntimeInformation.OSDescription,
        RuntimeInformation.OSArchitecture.ToString(),
        RuntimeInformation.FrameworkDescription,
        ReadOpenFileLimit(),
        ReadOrNull("/proc/sys/net/ipv4/ip_local_port_range")?.Trim().Replace('\t', '-'));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{LogicalCores} logical cores{(CpuModel is null ? "" : $" ({CpuModel})")}, {MemoryGiB:0.#} GiB, {OperatingSystem} {Architecture}, {DotNet}, open files limit {OpenFileLimit?.ToString(CultureInfo.InvariantCulture) ?? "?"}");

    private static long MemoryBytes()
    {
        var total = FirstValue("/proc/meminfo", "MemTotal");
        return total is not null && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture, out var kib)
            ? kib * 1024
            : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    private static long? ReadOpenFileLimit()
    {
        var line = ReadOrNull("/proc/self/limits")?.Split('\n').FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(3);
        return long.TryParse(soft, CultureInfo.InvariantCulture, out var limit) ? limit : null;
    }

    private static string? FirstValue(string path, string key) =>
        ReadOrNull(path)?.Split('\n')
            .Where(l => l.StartsWith(key, StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
