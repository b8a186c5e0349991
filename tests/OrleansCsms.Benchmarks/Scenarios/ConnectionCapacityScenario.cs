using System.Diagnostics;
using System.Net;
using OrleansCsms.Simulator;

namespace OrleansCsms.Benchmarks;

/// <summary>
/// How many idle charge points one host keeps connected, and what each costs it in memory: a warm-up fleet,
/// a snapshot, the ramp to the target (halted at the first failure), a quiet hold, another snapshot.
/// </summary>
public sealed class ConnectionCapacityScenario : IBenchmarkScenario
{
    private const int WarmUpChargePoints = 50;
    private const double TargetConnections = 100_000;
    private const double TargetBytesPerConnection = 10 * 1024;

    private const int MaxPendingBoots = 500;

    // One source address has ~28,000 ephemeral ports towards the host's port.
    private const int ConnectionsPerSourceAddress = 20_000;

    public string Name => "connections";

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new ScenarioResultBuilder(Name, "Connection capacity",
            "Idle charge points (connect, boot, report status, then quiet at the host's 300 s heartbeat interval) ramped onto one host "
            + "until the target or the first failure; memory per idle connection from the host's RSS and from its managed heap after a "
            + "full compacting GC, before and after, divided by the connections added.", context);
        try
        {
            await using var scratch = await context.StartSqliteHostAsync(Name, null, cancellationToken);
            var host = scratch.Host;
            result.Host = $"{host.Storage.Description}, separate process, pid {host.ProcessId}";
            await MeasureAsync(context, host, result, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result.Failure = ex.Message;
        }

        return result.Build();
    }

    private static async Task MeasureAsync(BenchmarkContext context, CsmsHostProcess host, ScenarioResultBuilder result, CancellationToken cancellationToken)
    {
        var target = context.Profile.CapacityTarget;
        var sources = Enumerable.Range(1, Math.Clamp((target + ConnectionsPerSourceAddress - 1) / ConnectionsPerSourceAddress, 1, 250))
            .Select(i => IPAddress.Parse($"127.0.0.{i}"))
            .ToList();
        var idle = new SimulationSettings
        {
            Endpoint = host.OcppEndpoint,
            Connectors = 1,
            AutoSessions = false,
            SourceAddresses = sources,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            CallTimeout = TimeSpan.FromSeconds(60),

            // The ramp follows the host's pace of boots: the question is how many connections it holds, not how fast it admits them.
            RampMaxPending = MaxPendingBoots,
        };

        await using var warmUp = new Simulation(idle with { IdPrefix = "WARM", ChargePoints = WarmUpChargePoints, RampUpPerSecond = 0 });
        warmUp.Start();
        if (!await warmUp.WaitForAcceptedAsync(WarmUpChargePoints, TimeSpan.FromSeconds(60), cancellationToken))
        {
            throw new TimeoutException("The warm-up charge points did not all boot within 60 s.");
        }

        var generatorBefore = GC.GetTotalMemory(forceFullCollection: true);
        var before = await host.TakeHeapSnapshotAsync(cancellationToken);
        var rssBefore = host.WorkingSetBytes;
        var fleetSize = target - WarmUpChargePoints;
        context.Say($"Ramping {fleetSize:N0} idle charge points at up to {context.Profile.CapacityRampPerSecond:N0}/s ({MaxPendingBoots} at most waiting for their boot) over {sources.Count} source address(es)");
        await using var fleet = new Simulation(idle with { IdPrefix = "IDLE", ChargePoints = fleetSize, RampUpPerSecond = context.Profile.CapacityRampPerSecond });
        var cpu = CpuMeter.Start(host);
        var ramp = Stopwatch.StartNew();
        string? firstFailure;
        await using (new ProgressScope(context, fleet, "connections"))
        {
            fleet.Start();
            var patience = TimeSpan.FromSeconds(Math.Max(60, 2 * fleetSize / context.Profile.CapacityRampPerSecond) + 120);
            firstFailure = await RampAsync(fleet, fleetSize, patience, cancellationToken);
            ramp.Stop();
            result.Cpu("ramp", cpu.Stop());
            var reached = fleet.Metrics.Accepted;
            context.Say($"{reached:N0} connected and booted in {ramp.Elapsed.TotalSeconds:0.0} s{(firstFailure is null ? "" : $"; stopped at the first failure: {firstFailure}")}; holding {context.Profile.CapacityHold.TotalSeconds:0} s");
            var disconnectsBefore = fleet.Metrics.Disconnects;
            await Task.Delay(context.Profile.CapacityHold, cancellationToken);
            result.Measure("Disconnects while idle", fleet.Metrics.Disconnects - disconnectsBefore, "");
        }

        var held = fleet.Metrics.Accepted;
        var after = await host.TakeHeapSnapshotAsync(cancellationToken);
        var rssAfter = host.WorkingSetBytes;
        var generatorAfter = GC.GetTotalMemory(forceFullCollection: true);
        var report = SimulationReport.From(fleet.Metrics, fleet.ChargePoints.Count);
        result.Run("ramp", report);

        result.Measure("Charge points connected and booted (warm-up included)", held + WarmUpChargePoints, "");
        result.Measure("Ramp target of this profile", target, "");
        result.Measure("Connect failures", fleet.Metrics.ConnectFailures, "");
        result.Measure("Connections per second during the ramp", ramp.Elapsed.TotalSeconds > 0 ? held / ramp.Elapsed.TotalSeconds : 0, "/s");
        if (report.Actions.FirstOrDefault(a => a.Action == "BootNotification") is { } boot)
        {
            result.Measure("BootNotification p50 during the ramp", boot.Latency.P50Ms, "ms");
            result.Measure("BootNotification p99 during the ramp", boot.Latency.P99Ms, "ms");
        }

        result.Measure("Host RSS before the ramp", rssBefore / 1048576.0, "MiB");
        result.Measure("Host RSS after the hold", rssAfter / 1048576.0, "MiB");
        var perConnectionRss = held > 0 ? (double)(rssAfter - rssBefore) / held : double.NaN;
        result.Measure("Host RSS per idle connection", perConnectionRss / 1024, "KiB");
        result.Target("Charge points connected on one node", TargetConnections, held + WarmUpChargePoints, "", higherIsBetter: true);
        result.Target("Memory per idle connection (host RSS)", TargetBytesPerConnection / 1024, perConnectionRss / 1024, "KiB", higherIsBetter: false);
        if (before is not null && after is not null)
        {
            var perConnectionHeap = held > 0 ? (double)(after.LiveBytes - before.LiveBytes) / held : double.NaN;
            result.Measure("Host managed heap (live after a full GC) before the ramp", before.LiveBytes / 1048576.0, "MiB");
            result.Measure("Host managed heap (live after a full GC) after the hold", after.LiveBytes / 1048576.0, "MiB");
            result.Measure("Host managed heap per idle connection", perConnectionHeap / 1024, "KiB");
            result.Measure("Host thread-pool threads after", after.Threads, "");
            result.Target("Memory per idle connection (host managed heap)", TargetBytesPerConnection / 1024, perConnectionHeap / 1024, "KiB", higherIsBetter: false);
            result.Note($"Host GC: {(after.ServerGc ? "server" : "workstation")}; RSS includes GC segments committed ahead of need, so it overstates the steady cost and the managed heap understates it (no native buffers).");
        }
        else
        {
            result.Note("The host's heap probe did not answer; only RSS is reported.");
        }

        result.Measure("Load generator managed heap per connection", held > 0 ? (generatorAfter - generatorBefore) / 1024.0 / held : double.NaN, "KiB");
        if (firstFailure is not null)
        {
            result.Note($"Ramp halted at the first failure: {firstFailure}.");
        }

        var limit = context.Machine.OpenFileLimit;
        result.Note($"Open-file limit here: {limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} per process (hard limit too); every connection is one descriptor in the host, so one host process on this machine cannot hold 100,000 connections. "
            + "Reaching the target needs `ulimit -n` above 100,000 for the host, and load spread over several generator processes or machines.");
        context.Say("Closing the idle fleet");
        await fleet.StopAsync(TimeSpan.Zero);
        await warmUp.StopAsync(TimeSpan.Zero);
    }

    /// <summary>Waits until the whole fleet is booted; halts the ramp at the first failed connect or lost connection and returns what failed.</summary>
    private static async Task<string?> RampAsync(Simulation fleet, int size, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (fleet.Metrics.Accepted < size)
        {
            if (fleet.Metrics.ConnectFailures > 0 || fleet.Metrics.Disconnects > 0)
            {
                fleet.HaltRamp();
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                return fleet.Metrics.Errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} (x{e.Value})").FirstOrDefault() ?? "connection lost";
            }

            if (deadline.Elapsed > timeout)
            {
                fleet.HaltRamp();
                return $"only {fleet.Metrics.Accepted:N0} of {size:N0} booted within {timeout.TotalSeconds:0} s";
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        return null;
    }
}
