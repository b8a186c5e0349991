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
    private static readonly TimeSpan ResumeDeadline = TimeSpan.FromSeconds(30);

    public string Name => "cluster";

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var size = context.Profile.SteadyChargePoints;
        var result = new ScenarioResultBuilder(Name, "Cluster",
            $"{size:N0} charge points flooding Heartbeat (one outstanding call each) on the embedded default, then split over 2 front-ends "
            + "in front of 2 silos, all on this machine; then one silo is killed (SIGKILL) under that load and the time until every "
            + "partition is owned by a live silo again and heartbeats flow at 90% of their earlier rate is measured.",
            context);
        try
        {
            double embeddedRate;
            await using (var scratch = await context.StartSqliteHostAsync($"{Name}-embedded", null, cancellationToken))
            {
                embeddedRate = (await FloodAsync(context, [scratch.Host.OcppEndpoint], size, "embedded", result, cancellationToken)).Rate;
            }

            await using var database = await BenchmarkDatabase.CreateAsync(context.PostgresServer, 20, cancellationToken);
            var storage = HostStorage.Postgres(database);
            var secret = Guid.NewGuid().ToString("N");
            var processes = new List<CsmsHostProcess>();
            try
            {
                var silos = new List<CsmsHostProcess>();
                for (var i = 1; i <= 2; i++)
                {
                    silos.Add(await StartAsync(context, storage, secret, $"silo-{i}", CsmsHostProcess.SiloAssembly, silo: true, cancellationToken));
                    processes.Add(silos[^1]);
                }

                var frontEnds = new List<CsmsHostProcess>();
                for (var i = 1; i <= 2; i++)
                {
                    frontEnds.Add(await StartAsync(context, storage, secret, $"front-end-{i}", CsmsHostProcess.FrontEndAssembly, silo: false, cancellationToken));
                    processes.Add(frontEnds[^1]);
                }

                result.Host = $"2 silos + 2 front-ends (separate processes) on {storage.Description}; embedded default on SQLite for comparison";
                var endpoints = frontEnds.Select(f => f.OcppEndpoint).ToArray();
                var (clusterRate, simulations) = await FloodAsync(context, endpoints, size, "cluster", result, cancellationToken, keepRunning: true);
                await using (new CompositeDisposable(simulations))
                {
                    var slowdown = embeddedRate > 0 ? 1 - (clusterRate / embeddedRate) : 1;
                    result.Measure("cluster / embedded heartbeat rate", clusterRate / Math.Max(1, embeddedRate) * 100, "%");
                    result.Target("Cluster slowdown against the embedded default", AllowedSlowdown * 100, slowdown * 100, "%", higherIsBetter: false);
                    await MeasureFailoverAsync(context, silos[1], frontEnds[0], simulations, clusterRate, result, cancellationToken);
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

    private static async Task<CsmsHostProcess> StartAsync(
        BenchmarkContext context, HostStorage storage, string secret, string name, string assembly, bool silo, CancellationToken cancellationToken)
    {
        var port = CsmsHostProcess.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["Cluster:AdvertisedAddress"] = $"http://127.0.0.1:{port}",
            ["Cluster:Secret"] = secret,
        };
        if (silo)
        {
            settings["Cluster:Role"] = "Silo";
        }

        Directory.CreateDirectory(context.Results.Directory);
        var log = Path.Combine(context.Results.Directory, $"cluster-{name}.log");
        var process = await CsmsHostProcess.StartAsync(storage, settings, log, cancellationToken, assembly, port);
        context.Say($"{name} ready at {process.BaseAddress} (pid {process.ProcessId})");
        return process;
    }

    /// <summary>Floods heartbeats from <paramref name="size"/> charge points spread over the endpoints and returns the measured rate.</summary>
    private static async Task<(double Rate, List<Simulation> Simulations)> FloodAsync(
        BenchmarkContext context, IReadOnlyList<Uri> endpoints, int size, string phase, ScenarioResultBuilder result, CancellationToken cancellationToken, bool keepRunning = false)
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
        var before = simulations.Sum(s => s.Metrics.Messages);
        var clock = Stopwatch.StartNew();
        await Task.Delay(context.Profile.SteadyMeasure, cancellationToken);
        var rate = (simulations.Sum(s => s.Metrics.Messages) - before) / clock.Elapsed.TotalSeconds;
        var errors = simulations.Sum(s => s.Metrics.TotalErrors);
        result.Measure($"{phase}: heartbeats per second", rate, "/s");
        result.Measure($"{phase}: errors", errors, "");
        context.Say(string.Create(CultureInfo.InvariantCulture, $"Phase {phase}: {rate:N0} heartbeats/s, {errors} errors"));
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
        BenchmarkContext context, CsmsHostProcess victim, CsmsHostProcess frontEnd, List<Simulation> simulations, double steadyRate, ScenarioResultBuilder result, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = frontEnd.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        context.Say($"Killing silo pid {victim.ProcessId} under load");
        victim.Kill();
        var clock = Stopwatch.StartNew();
        TimeSpan? owned = null;
        TimeSpan? flowing = null;
        var window = TimeSpan.FromMilliseconds(500);
        while (clock.Elapsed < ResumeDeadline && (owned is null || flowing is null))
        {
            var before = simulations.Sum(s => s.Metrics.Messages);
            await Task.Delay(window, cancellationToken);
            var windowRate = (simulations.Sum(s => s.Metrics.Messages) - before) / window.TotalSeconds;
            // Half the charge points never noticed (their grains live on the survivor): only near the earlier rate have all resumed.
            if (flowing is null && owned is not null && windowRate >= steadyRate * 0.9)
            {
                flowing = clock.Elapsed;
            }

            if (owned is null && await AllPartitionsOwnedByLiveSilosAsync(http, victim.BaseAddress, cancellationToken))
            {
                owned = clock.Elapsed;
            }
        }

        result.Measure("failover: partitions owned again after the kill", owned?.TotalSeconds ?? double.NaN, "s");
        result.Measure("failover: heartbeats back at 90% of their rate after the kill", flowing?.TotalSeconds ?? double.NaN, "s");
        result.Target("Time to resume after a silo is killed", 5, (flowing ?? ResumeDeadline).TotalSeconds, "s", higherIsBetter: false);
        context.Say(string.Create(CultureInfo.InvariantCulture,
            $"Failover: partitions owned again after {owned?.TotalSeconds:0.00} s, heartbeats flowing after {flowing?.TotalSeconds:0.00} s"));
    }

    /// <summary>True once no partition is unowned or still held by the killed silo's unexpired lease.</summary>
    private static async Task<bool> AllPartitionsOwnedByLiveSilosAsync(HttpClient http, Uri victim, CancellationToken cancellationToken)
    {
        try
        {
            var cluster = await http.GetFromJsonAsync<JsonElement>("/api/cluster", cancellationToken);
            var dead = cluster.GetProperty("silos").EnumerateArray()
                .Where(s => new Uri(s.GetProperty("address").GetString()!).Authority == victim.Authority)
                .Select(s => s.GetProperty("id").GetString())
                .ToHashSet();
            return cluster.GetProperty("partitions").EnumerateArray()
                .All(p => p.GetProperty("owner").ValueKind == JsonValueKind.String && !dead.Contains(p.GetProperty("owner").GetString()));
        }
        catch (HttpRequestException)
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
