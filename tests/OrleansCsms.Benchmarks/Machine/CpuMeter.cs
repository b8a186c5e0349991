using System.Diagnostics;
using System.Globalization;

namespace OrleansCsms.Benchmarks;

/// <summary>
/// CPU time of the host, of this load generator and of the whole machine over a measured window: on a shared
/// machine the split tells whether the host, the load generator or something else was the limit.
/// </summary>
public sealed class CpuMeter
{
    private readonly IReadOnlyList<CsmsHostProcess> _hosts;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _hostStart;
    private readonly TimeSpan _selfStart;
    private readonly (long Busy, long Total)? _machineStart;
    private readonly double? _databaseStart;

    private CpuMeter(IReadOnlyList<CsmsHostProcess> hosts)
    {
        _hosts = hosts;
        _hostStart = HostCpuTime();
        _selfStart = Process.GetCurrentProcess().TotalProcessorTime;
        _machineStart = MachineTicks();
        _databaseStart = DatabaseCpuSeconds();
    }

    public static CpuMeter Start(CsmsHostProcess host) => new([host]);

    /// <summary>Meters several host processes as one host (a cluster's silos and front-ends): their CPU time is added up.</summary>
    public static CpuMeter Start(IReadOnlyList<CsmsHostProcess> hosts) => new(hosts);

    public CpuUsage Stop()
    {
        var wall = _wall.Elapsed.TotalSeconds;
        var host = (HostCpuTime() - _hostStart).TotalSeconds;
        var self = (Process.GetCurrentProcess().TotalProcessorTime - _selfStart).TotalSeconds;
        double? machineBusy = null;
        if (_machineStart is { } start && MachineTicks() is { } end && end.Total > start.Total)
        {
            machineBusy = 100.0 * (end.Busy - start.Busy) / (end.Total - start.Total);
        }

        // A backend that exited during the window takes its ticks with it, so the difference can dip below zero.
        double? database = _databaseStart is { } before && DatabaseCpuSeconds() is { } after ? Math.Max(0, after - before) : null;
        return new CpuUsage(wall, host, self, database, machineBusy, Environment.ProcessorCount);
    }

    /// <summary>CPU time of the metered hosts; one that has exited (a killed silo) no longer counts.</summary>
    private TimeSpan HostCpuTime() => _hosts.Where(h => !h.HasExited).Aggregate(TimeSpan.Zero, (sum, h) => sum + h.CpuTime);

    /// <summary>
    /// CPU seconds of every PostgreSQL process on this machine, from /proc/[pid]/stat (readable for any user);
    /// null elsewhere than Linux. Includes backends of other clients, which is noise on a shared machine.
    /// </summary>
    private static double? DatabaseCpuSeconds()
    {
        if (!Directory.Exists("/proc"))
        {
            return null;
        }

        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var nameEnd = stat.LastIndexOf(')');
                if (nameEnd < 0 || !stat.AsSpan(0, nameEnd).Contains("(postgres", StringComparison.Ordinal))
                {
                    continue;
                }

                // Fields after the name: state is field 3, utime and stime are fields 14 and 15.
                var fields = stat[(nameEnd + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // Not a process, or it ended while being read.
            }
        }

        // The kernel reports these in clock ticks, which are 1/100 s on every common Linux build.
        return ticks / 100.0;
    }

    /// <summary>Busy and total jiffies of all cores from /proc/stat; null elsewhere than Linux.</summary>
    private static (long Busy, long Total)? MachineTicks()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
            var total = fields.Take(8).Sum();
            return (total - idle, total);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}

/// <summary>CPU seconds used over a window of <see cref="WallSeconds"/>.</summary>
public sealed record CpuUsage(double WallSeconds, double HostCpuSeconds, double LoadGeneratorCpuSeconds, double? DatabaseCpuSeconds, double? MachineBusyPercent, int Cores)
{
    /// <summary>Share of all cores the host kept busy.</summary>
    public double HostPercentOfMachine => WallSeconds > 0 ? 100 * HostCpuSeconds / (WallSeconds * Cores) : 0;

    public double LoadGeneratorPercentOfMachine => WallSeconds > 0 ? 100 * LoadGeneratorCpuSeconds / (WallSeconds * Cores) : 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"host {HostCpuSeconds:0.0} CPU-s ({HostPercentOfMachine:0}% of {Cores} cores), load generator {LoadGeneratorCpuSeconds:0.0} CPU-s ({LoadGeneratorPercentOfMachine:0}%), PostgreSQL processes {(DatabaseCpuSeconds is { } database ? $"{database:0.0} CPU-s" : "?")}, machine busy {(MachineBusyPercent is { } busy ? $"{busy:0}%" : "?")} over {WallSeconds:0.0} s");
}
