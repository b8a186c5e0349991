using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Simulator;

namespace OrleansCsms.Benchmarks;

/// <summary>
/// The steady heartbeat load through a cluster on this machine (2 silos and 2 front-ends as separate processes on
/// one PostgreSQL database) next to the same load on the embedded default, then the time until traffic flows
/// again after one silo is killed with SIGKILL.
/// </summary>
public sealed class ClusterScenario : IBenchmarkScenario
{
    private const double AllowedSlowdown = 0.30;

    /// <summary>Charge points whose grains are asked for their state throughout the failover.</summary>
    private const int GrainProbes = 40;

    private static readonly TimeSpan ResumeDeadline = TimeSpan.FromSeconds(30);

    /// <summary>Calls in flight to the killed silo fail when their response timeout (3 s) passes: watch at least that long and more.</summary>
    private static readonly TimeSpan MinimumObservation = TimeSpan.FromSeconds(8);

    /// <summary>How long every sampled grain must keep answering, within 1 s each time, to count as serving again.</summary>
    private static readonly TimeSpan StableStretch = TimeSpan.FromSeconds(3);

    public string Name => "cluster";

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var size = context.Profile.SteadyChargePoints;
        var result = new ScenarioResultBuilder(Name, "Cluster",
            $"{size:N0} charge points flooding Heartbeat (one outstanding call each) on the embedded default, then split over 2 front-ends "
            + "in front of 2 silos, all on this machine; then one silo is killed (SIGKILL) under that load and the time until Orleans "
            + "declares it dead and until heartbeats flow at 90% of their earlier rate is measured.",
            context);
        try
        {
            double embeddedRate;
            await using (var scratch = await context.StartSqliteHostAsync($"{Name}-embedded", null, cancellationToken))
            {
                embeddedRate = (await FloodAsync(context, [scratch.Host], [scratch.Host.OcppEndpoint], size, "embedded", result, cancellationToken)).Rate;
            }

            // A fresh database per run: its membership table holds only this run's silos.
            await using var database = await BenchmarkDatabase.CreateAsync(context.PostgresServer, 20, cancellationToken);
            var storage = HostStorage.Postgres(database);
            var clusterId = $"bench-{Guid.NewGuid().ToString("N")[..8]}";
            var processes = new List<CsmsHostProcess>();
            try
            {
                var silos = new List<(CsmsHostProcess Process, int SiloPort)>();
                for (var i = 1; i <= 2; i++)
                {
                    var siloPort = CsmsHostProcess.FreePort();
                    var settings = new Dictionary<string, string>
                    {
                        ["Cluster:Role"] = "Silo",
                        ["Cluster:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
                        ["Cluster:GatewayPort"] = CsmsHostProcess.FreePort().ToString(CultureInfo.InvariantCulture),
                    };
                    silos.Add((await StartAsync(context, storage, clusterId, $"silo-{i}", CsmsHostProcess.SiloAssembly, settings, cancellationToken), siloPort));
                    processes.Add(silos[^1].Process);
                }

                var frontEnds = new List<CsmsHostProcess>();
                for (var i = 1; i <= 2; i++)
                {
                    frontEnds.Add(await StartAsync(context, storage, clusterId, $"front-end-{i}", CsmsHostProcess.FrontEndAssembly, [], cancellationToken));
                    processes.Add(frontEnds[^1]);
                }

                result.Host = $"2 silos + 2 front-ends (separate processes, Orleans cluster {clusterId}) on {storage.Description}; embedded default on SQLite for comparison";
                var endpoints = frontEnds.Select(f => f.OcppEndpoint).ToArray();
                var (clusterRate, simulations) = await FloodAsync(context, processes, endpoints, size, "cluster", result, cancellationToken, keepRunning: true);
                await using (new CompositeDisposable(simulations))
                {
                    var slowdown = embeddedRate > 0 ? 1 - (clusterRate / embeddedRate) : 1;
                    result.Measure("cluster / embedded heartbeat rate", clusterRate / Math.Max(1, embeddedRate) * 100, "%");
                    result.Target("Cluster slowdown against the embedded default", AllowedSlowdown * 100, slowdown * 100, "%", higherIsBetter: false);
                    await MeasureFailoverAsync(context, silos[1].Process, silos[1].SiloPort, frontEnds[0], simulations, clusterRate, result, cancellationToken);
                }
            }
            finally
            {
                foreach (var process in processes)
                {
                    await process.DisposeAsync();
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result.Failure = ex.Message;
        }

        return result.Build();
    }

    /// <summary>Starts a silo or front-end of the cluster <paramref name="clusterId"/>; the HTTP port (Urls) is a free one.</summary>
    private static async Task<CsmsHostProcess> StartAsync(
        BenchmarkContext context, HostStorage storage, string clusterId, string name, string assembly, Dictionary<string, string> settings, CancellationToken cancellationToken)
    {
        settings["Cluster:ClusterId"] = clusterId;
        settings["Cluster:AdvertisedAddress"] = "127.0.0.1";
        Directory.CreateDirectory(context.Results.Directory);
        var log = Path.Combine(context.Results.Directory, $"cluster-{name}.log");
        var process = await CsmsHostProcess.StartAsync(storage, settings, log, cancellationToken, assembly);
        context.Say($"{name} ready at {process.BaseAddress} (pid {process.ProcessId})");
        return process;
    }

    /// <summary>
    /// Floods heartbeats from <paramref name="size"/> charge points spread over the endpoints and returns the measured rate;
    /// the CPU time of <paramref name="hosts"/> (every process serving the load) gives the cost per heartbeat.
    /// </summary>
    private static async Task<(double Rate, List<Simulation> Simulations)> FloodAsync(
        BenchmarkContext context, IReadOnlyList<CsmsHostProcess> hosts, IReadOnlyList<Uri> endpoints, int size, string phase, ScenarioResultBuilder result, CancellationToken cancellationToken, bool keepRunning = false)
    {
        context.Say($"Phase {phase}: {size:N0} charge points flooding Heartbeat through {endpoints.Count} endpoint(s)");
        var simulations = endpoints.Select((endpoint, i) => new Simulation(new SimulationSettings
        {
            Endpoint = endpoint,
            IdPrefix = $"CLUSTER-{phase.ToUpperInvariant()}-{i}",
            ChargePoints = size / endpoints.Count,
            Connectors = 1,
            AutoSessions = false,
            Flood = ["Heartbeat"],
            HeartbeatInterval = TimeSpan.Zero,
            RampUpPerSecond = 1_000,
        })).ToList();
        foreach (var simulation in simulations)
        {
            simulation.Start();
        }

        foreach (var simulation in simulations)
        {
            if (!await simulation.WaitForAcceptedAsync(size / endpoints.Count, TimeSpan.FromSeconds(60), cancellationToken))
            {
                throw new TimeoutException($"Phase {phase}: only {simulation.Metrics.Accepted:N0} charge points booted within 60 s.");
            }
        }

        await Task.Delay(context.Profile.SteadyWarmUp, cancellationToken);
        var logBefore = await MessageLogCounts.ReadAsync(hosts, cancellationToken);
        var before = simulations.Sum(s => s.Metrics.Messages);
        var meter = CpuMeter.Start(hosts);
        var clock = Stopwatch.StartNew();
        await Task.Delay(context.Profile.SteadyMeasure, cancellationToken);
        var messages = simulations.Sum(s => s.Metrics.Messages) - before;
        var rate = messages / clock.Elapsed.TotalSeconds;
        var cpu = meter.Stop();
        var errors = simulations.Sum(s => s.Metrics.TotalErrors);
        result.Cpu(phase, cpu);
        result.Measure($"{phase}: heartbeats per second", rate, "/s");
        result.Measure($"{phase}: errors", errors, "");
        HostCost.Measure(result, $"{phase}: ", cpu, messages);
        (await MessageLogCounts.ReadAsync(hosts, cancellationToken)).Report(result, $"{phase}: ", logBefore);
        context.Say(string.Create(CultureInfo.InvariantCulture, $"Phase {phase}: {rate:N0} heartbeats/s, {errors} errors; {cpu}"));
        if (!keepRunning)
        {
            foreach (var simulation in simulations)
            {
                await simulation.StopAsync(TimeSpan.Zero);
                await simulation.DisposeAsync();
            }
        }

        return (rate, simulations);
    }

    private static async Task MeasureFailoverAsync(
        BenchmarkContext context, CsmsHostProcess victim, int victimSiloPort, CsmsHostProcess frontEnd, List<Simulation> simulations, double steadyRate,
        ScenarioResultBuilder result, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = frontEnd.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };

        // Charge points from both halves of the flood, whose grains were spread over both silos: each is asked for
        // its state (a call to its grain) over and over, so the grains that lived on the killed silo show when
        // they answer again.
        var sample = simulations.SelectMany(s => Enumerable.Range(s.Settings.FirstNumber, GrainProbes / simulations.Count).Select(s.Settings.IdentityOf)).ToList();
        context.Say($"Killing silo pid {victim.ProcessId} under load");
        var errorsAtKill = simulations.Sum(s => s.Metrics.TotalErrors);
        victim.Kill();
        var clock = Stopwatch.StartNew();
        TimeSpan? declaredDead = null;
        using var stopProbes = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var probes = sample.Select(id => StartProbe(http, id, clock, stopProbes.Token)).ToList();

        // The rate, window by window, is reported for what the charge points saw; the flood's heartbeats are answered
        // by the front-ends and reach a grain only now and then, so whether grains serve again is judged by the probes.
        var windows = new List<string>();
        var (messages, errors, windowStart) = (simulations.Sum(s => s.Metrics.Messages), errorsAtKill, TimeSpan.Zero);
        while (clock.Elapsed < ResumeDeadline
            && (declaredDead is null || clock.Elapsed < MinimumObservation || clock.Elapsed - Max(LastFailure(probes), declaredDead.Value) < StableStretch))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            if (declaredDead is null && await IsDeclaredDeadAsync(http, victimSiloPort, cancellationToken))
            {
                declaredDead = clock.Elapsed;
            }

            var (nowMessages, nowErrors, now) = (simulations.Sum(s => s.Metrics.Messages), simulations.Sum(s => s.Metrics.TotalErrors), clock.Elapsed);
            var windowRate = (nowMessages - messages) / (now - windowStart).TotalSeconds;
            windows.Add(string.Create(CultureInfo.InvariantCulture, $"{now.TotalSeconds:0.0} s {windowRate / 1000:0.0}k{(nowErrors > errors ? $" ({nowErrors - errors} failed)" : "")}"));
            (messages, errors, windowStart) = (nowMessages, nowErrors, now);
        }

        await stopProbes.CancelAsync();
        await Task.WhenAll(probes.Select(p => p.Running));
        var lastFailure = LastFailure(probes);
        var probesFailed = probes.Sum(p => p.Failures);
        var failedAfterKill = simulations.Sum(s => s.Metrics.TotalErrors) - errorsAtKill;
        TimeSpan? serving = declaredDead is { } dead && clock.Elapsed - Max(lastFailure, dead) >= StableStretch ? lastFailure : null;
        result.Measure("failover: killed silo declared dead in the membership table", declaredDead?.TotalSeconds ?? double.NaN, "s");
        result.Measure($"failover: all {sample.Count} sampled charge point grains answering again (their last failed or over-1-s call ended)", serving?.TotalSeconds ?? double.NaN, "s");
        result.Measure("failover: grain probes failed or slower than 1 s", probesFailed, $"of {probes.Sum(p => p.Calls)}");
        result.Measure("failover: charge point calls failed after the kill", failedAfterKill, "");
        result.Note(string.Create(CultureInfo.InvariantCulture, $"Heartbeats per second in each half-second window after the kill (steady rate {steadyRate / 1000:0.0}k): {string.Join(", ", windows)}."));
        result.Target("Time to resume after a silo is killed", 5, (serving ?? ResumeDeadline).TotalSeconds, "s", higherIsBetter: false);
        context.Say(string.Create(CultureInfo.InvariantCulture,
            $"Failover: silo declared dead after {declaredDead?.TotalSeconds:0.00} s, every sampled grain answering from {serving?.TotalSeconds:0.00} s ({probesFailed} probes failed), {failedAfterKill} charge point calls failed"));
    }

    private static TimeSpan LastFailure(List<GrainProbe> probes) => probes.Count == 0 ? TimeSpan.Zero : probes.Max(p => p.LastFailure);

    /// <summary>Asks one charge point's grain for its state until stopped; each call has 1 s to answer.</summary>
    private static GrainProbe StartProbe(HttpClient http, string chargePointId, Stopwatch clock, CancellationToken stop)
    {
        var probe = new GrainProbe();
        probe.Running = Task.Run(
            async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var started = clock.Elapsed;
                    using var call = CancellationTokenSource.CreateLinkedTokenSource(stop);
                    call.CancelAfter(TimeSpan.FromSeconds(1));
                    bool ok;
                    try
                    {
                        using var response = await http.GetAsync(new Uri($"/api/charge-points/{Uri.EscapeDataString(chargePointId)}", UriKind.Relative), call.Token);
                        ok = response.IsSuccessStatusCode;
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
                    {
                        if (stop.IsCancellationRequested)
                        {
                            return;
                        }

                        ok = false;
                    }

                    probe.Record(ok, clock.Elapsed);
                    if (ok)
                    {
                        try
                        {
                            await Task.Delay(TimeSpan.FromMilliseconds(100), stop);
                        }
                        catch (OperationCanceledException)
                        {
                            return;
                        }
                    }
                }
            },
            CancellationToken.None);
        return probe;
    }

    /// <summary>What one probe saw: how many calls, how many failed, and when the last failed one ended.</summary>
    private sealed class GrainProbe
    {
        private long _lastFailureTicks;
        private int _calls;
        private int _failures;

        public Task Running { get; set; } = Task.CompletedTask;

        public int Calls => Volatile.Read(ref _calls);

        public int Failures => Volatile.Read(ref _failures);

        public TimeSpan LastFailure => TimeSpan.FromTicks(Interlocked.Read(ref _lastFailureTicks));

        public void Record(bool ok, TimeSpan at)
        {
            Interlocked.Increment(ref _calls);
            if (!ok)
            {
                Interlocked.Increment(ref _failures);
                Interlocked.Exchange(ref _lastFailureTicks, at.Ticks);
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>True once Orleans' membership, as the front-end's cluster view shows it, has the killed silo as Dead.</summary>
    private static async Task<bool> IsDeclaredDeadAsync(HttpClient http, int siloPort, CancellationToken cancellationToken)
    {
        try
        {
            // A silo address reads "S127.0.0.1:<silo port>:<generation>".
            var endpoint = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{siloPort}:");
            var cluster = await http.GetFromJsonAsync<JsonElement>("/api/cluster", cancellationToken);
            return cluster.GetProperty("silos").EnumerateArray()
                .Any(s => s.GetProperty("address").GetString()!.Contains(endpoint, StringComparison.Ordinal)
                    && s.GetProperty("status").GetString() == "Dead");
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private sealed class CompositeDisposable(List<Simulation> simulations) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var simulation in simulations)
            {
                await simulation.StopAsync(TimeSpan.Zero);
                await simulation.DisposeAsync();
            }
        }
    }
}
