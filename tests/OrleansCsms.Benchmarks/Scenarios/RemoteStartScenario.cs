using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Simulator;

namespace OrleansCsms.Benchmarks;

/// <summary>
/// Operator commands end to end: POST remote-start through the REST API, to the charge point over its
/// WebSocket and back, at 1 and at 8 requests in flight.
/// </summary>
public sealed class RemoteStartScenario : IBenchmarkScenario
{
    private const double TargetP99Ms = 10;
    private static readonly int[] Concurrency = [1, 8];

    public string Name => "remote-start";

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var profile = context.Profile;
        var result = new ScenarioResultBuilder(Name, "Remote start round trip",
            $"POST /api/charge-points/{{id}}/remote-start with a fixed number of requests in flight for {profile.RemoteStartMeasure.TotalSeconds:0} s "
            + $"each (after {profile.RemoteStartWarmUp.TotalSeconds:0} s of warm-up): REST API, grain, WebSocket, charge point and back. "
            + $"{profile.RemoteStartChargePoints} connected charge points answer Accepted without starting a session, so the figure is the command's round trip alone; "
            + "concurrent requests go to different charge points.",
            context);
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
        var profile = context.Profile;
        var settings = new SimulationSettings
        {
            Endpoint = host.OcppEndpoint,
            IdPrefix = "REMOTE",
            ChargePoints = profile.RemoteStartChargePoints,
            Connectors = 1,
            AutoSessions = false,
            RemoteStart = RemoteStartBehaviour.AcceptOnly,
            HeartbeatInterval = TimeSpan.Zero,
            RampUpPerSecond = 0,
        };
        await using var simulation = new Simulation(settings);
        simulation.Start();
        if (!await simulation.WaitForAcceptedAsync(settings.ChargePoints, TimeSpan.FromSeconds(60), cancellationToken))
        {
            throw new TimeoutException("The charge points did not all boot within 60 s.");
        }

        var ids = simulation.ChargePoints.Select(c => c.Identity).ToArray();
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 64, UseProxy = false };
        using var api = new HttpClient(handler) { BaseAddress = new Uri(host.ApiBase + "/"), Timeout = TimeSpan.FromSeconds(30) };
        foreach (var concurrency in Concurrency)
        {
            context.Say($"{concurrency} in flight: warming up");
            await RoundTripsAsync(api, ids, concurrency, profile.RemoteStartWarmUp, null, cancellationToken);
            context.Say($"{concurrency} in flight: measuring for {profile.RemoteStartMeasure.TotalSeconds:0} s");
            var cpu = CpuMeter.Start(host);
            var measured = await RoundTripsAsync(api, ids, concurrency, profile.RemoteStartMeasure, context, cancellationToken);
            var usage = cpu.Stop();
            var latency = LatencyReport.From(measured.Latency);
            var rate = measured.Count / profile.RemoteStartMeasure.TotalSeconds;
            var errors = measured.Errors.Values.Sum();
            result.Cpu($"{concurrency} in flight", usage);
            result.Measure($"{concurrency} in flight: round trips per second", rate, "/s");
            result.Measure($"{concurrency} in flight: p50", latency.P50Ms, "ms");
            result.Measure($"{concurrency} in flight: p99", latency.P99Ms, "ms");
            result.Measure($"{concurrency} in flight: max", latency.MaxMs, "ms");
            result.Measure($"{concurrency} in flight: errors", errors, !measured.Errors.IsEmpty ? $"({string.Join(", ", measured.Errors.Select(e => $"{e.Key} x{e.Value}"))})" : "");
            context.Say($"{concurrency} in flight: {rate:N0} round trips/s, p50 {latency.P50Ms:0.00} ms, p99 {latency.P99Ms:0.00} ms, {errors} errors; {usage}");
            if (concurrency == Concurrency[^1])
            {
                result.Target($"Remote start p99 at {concurrency} in flight", TargetP99Ms, latency.P99Ms, "ms", higherIsBetter: false);
                result.Target($"Remote start errors at {concurrency} in flight", 0, errors, "", higherIsBetter: false);
            }
        }

        result.Run("charge points", SimulationReport.From(simulation.Metrics, ids.Length));
        await simulation.StopAsync(TimeSpan.Zero);
    }

    /// <summary>Keeps <paramref name="concurrency"/> requests in flight for <paramref name="duration"/>; worker w uses charge points w, w + concurrency, ...</summary>
    private static async Task<RoundTrips> RoundTripsAsync(
        HttpClient api, string[] ids, int concurrency, TimeSpan duration, BenchmarkContext? progress, CancellationToken cancellationToken)
    {
        var trips = new RoundTrips();
        var clock = Stopwatch.StartNew();
        using var ticker = progress is null ? null : new Timer(
            _ => progress.Say($"  {trips.Count:N0} round trips, {trips.Errors.Values.Sum()} errors"), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            for (var round = 0; clock.Elapsed < duration; round++)
            {
                var id = ids[(worker + (round * concurrency)) % ids.Length];
                var started = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    using var response = await api.PostAsJsonAsync($"charge-points/{Uri.EscapeDataString(id)}/remote-start", new { connectorId = 1, idTag = "REMOTE-TAG" }, cancellationToken);
                    var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                    error = !response.IsSuccessStatusCode ? $"HTTP {(int)response.StatusCode}"
                        : body.TryGetProperty("status", out var status) && status.GetString() == "Accepted" ? null
                        : $"answer {body}";
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }

                    error = ex.GetType().Name;
                }

                trips.Record(Stopwatch.GetElapsedTime(started), error);
            }
        });
        await Task.WhenAll(workers);
        return trips;
    }

    private sealed class RoundTrips
    {
        private long _count;

        public LatencyHistogram Latency { get; } = new();

        public ConcurrentDictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

        public long Count => Interlocked.Read(ref _count);

        public void Record(TimeSpan latency, string? error)
        {
            Interlocked.Increment(ref _count);
            Latency.Record(latency);
            if (error is not null)
            {
                Errors.AddOrUpdate(error, 1, static (_, n) => n + 1);
            }
        }
    }
}
