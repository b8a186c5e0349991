using System.Globalization;
using OrleansCsms.Simulator;

namespace OrleansCsms.Benchmarks;

/// <summary>
/// Connected charge points sending as fast as one outstanding call each allows: first heartbeats alone, then
/// heartbeats, status notifications and meter values in turn, on the embedded default storage.
/// </summary>
public sealed class SteadyStateScenario : IBenchmarkScenario
{
    private const double TargetHeartbeatsPerSecond = 40_000;

    public string Name => "steady";

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new ScenarioResultBuilder(Name, "Steady state",
            $"{context.Profile.SteadyChargePoints:N0} connected charge points, each sending its next call as soon as the last is answered "
            + $"(one outstanding call per connection), measured for {context.Profile.SteadyMeasure.TotalSeconds:0} s after a "
            + $"{context.Profile.SteadyWarmUp.TotalSeconds:0} s warm-up: heartbeats alone, then Heartbeat, StatusNotification and MeterValues in turn.",
            context);
        try
        {
            await using var scratch = await context.StartSqliteHostAsync(Name, null, cancellationToken);
            var host = scratch.Host;
            result.Host = $"{host.Storage.Description} (the embedded default), separate process, pid {host.ProcessId}";

            var heartbeats = await RunPhaseAsync(context, host, result, "heartbeat", ["Heartbeat"], cancellationToken);
            var heartbeatRate = heartbeats.Actions.FirstOrDefault(a => a.Action == "Heartbeat")?.PerSecond ?? 0;
            result.Target("Heartbeat calls per second (embedded default)", TargetHeartbeatsPerSecond, heartbeatRate, "/s", higherIsBetter: true);
            if (result.Cpu("heartbeat") is { HostCpuSeconds: > 0 } cpu && heartbeats.Messages > 0)
            {
                var perCore = heartbeats.Messages / cpu.HostCpuSeconds;
                result.Note(string.Create(CultureInfo.InvariantCulture,
                    $"At the host's measured cost, one core serves {perCore:N0} heartbeats/s: {TargetHeartbeatsPerSecond:N0}/s needs {TargetHeartbeatsPerSecond / perCore:0.0} cores given to the host alone (this machine has {context.Machine.LogicalCores}, shared with the load generator and other work)."));
            }

            await RunPhaseAsync(context, host, result, "mixed", ["Heartbeat", "StatusNotification", "MeterValues"], cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result.Failure = ex.Message;
        }

        return result.Build();
    }

    private static async Task<SimulationReport> RunPhaseAsync(
        BenchmarkContext context, CsmsHostProcess host, ScenarioResultBuilder result, string phase, string[] actions, CancellationToken cancellationToken)
    {
        var size = context.Profile.SteadyChargePoints;
        var settings = new SimulationSettings
        {
            Endpoint = host.OcppEndpoint,
            IdPrefix = $"STEADY-{phase.ToUpperInvariant()}",
            ChargePoints = size,
            Connectors = 1,
            AutoSessions = false,
            Flood = actions,
            HeartbeatInterval = TimeSpan.Zero,
            RampUpPerSecond = 1_000,
        };
        context.Say($"Phase {phase}: {size:N0} charge points flooding {string.Join(", ", actions)}");
        await using var simulation = new Simulation(settings);
        SimulationReport report;
        CpuUsage cpu;
        MessageLogCounts logBefore, logAfter;
        await using (new ProgressScope(context, simulation, phase))
        {
            simulation.Start();
            if (!await simulation.WaitForAcceptedAsync(size, TimeSpan.FromSeconds(60), cancellationToken))
            {
                throw new TimeoutException($"Only {simulation.Metrics.Accepted:N0} of {size:N0} charge points booted within 60 s.");
            }

            await Task.Delay(context.Profile.SteadyWarmUp, cancellationToken);
            logBefore = await MessageLogCounts.ReadAsync([host], cancellationToken);
            simulation.Metrics.StartWindow();
            var meter = CpuMeter.Start(host);
            await Task.Delay(context.Profile.SteadyMeasure, cancellationToken);
            report = SimulationReport.From(simulation.Metrics, size);
            cpu = meter.Stop();
            logAfter = await MessageLogCounts.ReadAsync([host], cancellationToken);
        }

        await simulation.StopAsync(TimeSpan.Zero);
        result.Run(phase, report);
        result.Cpu(phase, cpu);
        result.Measure($"{phase}: messages per second", report.MessagesPerSecond, "/s");
        result.Measure($"{phase}: latency p50", report.Overall.P50Ms, "ms");
        result.Measure($"{phase}: latency p99", report.Overall.P99Ms, "ms");
        if (actions.Length > 1)
        {
            foreach (var action in report.Actions)
            {
                result.Measure($"{phase}: {action.Action} per second", action.PerSecond, "/s");
                result.Measure($"{phase}: {action.Action} p50", action.Latency.P50Ms, "ms");
                result.Measure($"{phase}: {action.Action} p99", action.Latency.P99Ms, "ms");
            }
        }

        result.Measure($"{phase}: errors", report.TotalErrors, "");
        HostCost.Measure(result, $"{phase}: ", cpu, report.Messages);
        logAfter.Report(result, $"{phase}: ", logBefore);
        context.Say($"Phase {phase}: {report.MessagesPerSecond:N0} msg/s, p50 {report.Overall.P50Ms:0.00} ms, p99 {report.Overall.P99Ms:0.00} ms, {report.TotalErrors} errors; {cpu}");
        return report;
    }
}
