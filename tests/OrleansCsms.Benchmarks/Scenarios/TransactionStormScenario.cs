using System.Globalization;
using OrleansCsms.Ocpp;
using OrleansCsms.Simulator;

namespace OrleansCsms.Benchmarks;

/// <summary>
/// Many charge points charging back-to-back sessions at once against PostgreSQL, each session Authorize,
/// StartTransaction, 10 MeterValues and StopTransaction, and afterwards the central system's books checked
/// against what was sent. Either every charge point has a tag of its own, or all share one fleet tag allowed
/// any number of transactions at once (as fleet cards and parent tags are used). In 2.0.1 the same session is
/// Authorize and TransactionEvent Started, 10 Updated with meter values, and Ended.
/// </summary>
public sealed class TransactionStormScenario(bool sharedTag, OcppVersion version = OcppVersion.V16) : IBenchmarkScenario
{
    private const string SharedTag = "STORM-FLEET";
    private const double TargetMessagesPerSecondOwnTags = 8_000;
    private const double TargetMessagesPerSecondSharedTag = 5_000;
    private const double TargetP99Ms = 100;
    private const int MeterValuesPerSession = 10;
    private const int MessagesPerSession = MeterValuesPerSession + 3;

    public string Name => (version == OcppVersion.V201 ? "storm201" : "storm") + (sharedTag ? "-shared" : "");

    private string SessionText => version == OcppVersion.V201
        ? $"Authorize, TransactionEvent Started, {MeterValuesPerSession} TransactionEvent Updated (7 sampled values each) and TransactionEvent Ended, over OCPP 2.0.1"
        : $"Authorize, StartTransaction, {MeterValuesPerSession} MeterValues (7 sampled values each) and StopTransaction with transactionData";

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var profile = context.Profile;
        var title = (sharedTag ? "Transaction storm, one shared tag" : "Transaction storm") + (version == OcppVersion.V201 ? ", OCPP 2.0.1" : "");
        var result = new ScenarioResultBuilder(Name, title,
            $"{profile.StormChargePoints:N0} charge points each run {profile.StormSessionsPerChargePoint} sessions back to back, all released at once "
            + $"after every charge point has booted; a session is {SessionText}, "
            + "each sent as soon as the previous is answered. Then every stored transaction is read back "
            + "through the REST API and compared with what was sent. "
            + (sharedTag
                ? $"Every charge point uses one id tag ({SharedTag}) allowed any number of transactions at once."
                : "Every charge point has an id tag of its own (one transaction at a time, the default)."),
            context);
        try
        {
            await using var scratch = await context.StartPostgresHostAsync(Name, null, cancellationToken);
            var host = scratch.Host;
            result.Host = $"{host.Storage.Description}, separate process, pid {host.ProcessId}";
            await StormAsync(context, host, result, sharedTag, version, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result.Failure = ex.Message;
        }

        return result.Build();
    }

    private static async Task StormAsync(
        BenchmarkContext context, CsmsHostProcess host, ScenarioResultBuilder result, bool sharedTag, OcppVersion version, CancellationToken cancellationToken)
    {
        var profile = context.Profile;
        var size = profile.StormChargePoints;
        List<string> tags = sharedTag
            ? [SharedTag]
            : [.. Enumerable.Range(1, size).Select(i => string.Create(CultureInfo.InvariantCulture, $"STORM-{i:D5}"))];
        using var api = new HttpClient { BaseAddress = new Uri(host.ApiBase + "/"), Timeout = TimeSpan.FromSeconds(60) };
        context.Say(sharedTag ? $"Creating id tag {SharedTag}, no limit on concurrent transactions" : $"Creating {tags.Count:N0} id tags");
        await IdTagProvisioner.CreateAsync(api, host.ApiBase, tags, cancellationToken, maxActiveTransactions: sharedTag ? 0 : null);

        await WarmUpAsync(context, host, tags, version, cancellationToken);
        var settings = new SimulationSettings
        {
            Endpoint = host.OcppEndpoint,
            OcppVersion = version,
            IdPrefix = "STORM",
            ChargePoints = size,
            Connectors = 1,
            IdTags = tags,
            SessionsPerChargePoint = profile.StormSessionsPerChargePoint,
            SessionLength = TimeSpan.FromMinutes(MeterValuesPerSession),
            MeterInterval = TimeSpan.FromMinutes(1),
            ThinkTime = TimeSpan.Zero,
            Speed = 0,
            SessionStatusNotifications = false,
            HoldSessionsUntilReleased = true,
            HeartbeatInterval = TimeSpan.Zero,
            KeepTransactions = true,
            RampUpPerSecond = 1_000,
            Seed = 42,
        };
        await using var simulation = new Simulation(settings);
        SimulationReport report;
        CpuUsage cpu;
        MessageLogCounts logBefore, logAfter;
        var completed = false;
        await using (new ProgressScope(context, simulation, "storm"))
        {
            simulation.Start();
            if (!await simulation.WaitForAcceptedAsync(size, TimeSpan.FromSeconds(60), cancellationToken))
            {
                throw new TimeoutException($"Only {simulation.Metrics.Accepted:N0} of {size:N0} charge points booted within 60 s.");
            }

            // The status notifications that follow each boot settle before the window opens.
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            context.Say($"All {size:N0} booted; releasing {size * profile.StormSessionsPerChargePoint:N0} sessions");
            logBefore = await MessageLogCounts.ReadAsync([host], cancellationToken);
            simulation.Metrics.StartWindow();
            var meter = CpuMeter.Start(host);
            simulation.ReleaseSessions();
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(profile.StormTimeout);
                try
                {
                    await simulation.WhenSessionsDoneAsync(timeout.Token);
                    completed = true;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    result.Note($"Cut off after {profile.StormTimeout.TotalSeconds:0} s with sessions still running.");
                }
            }

            report = SimulationReport.From(simulation.Metrics, size);
            cpu = meter.Stop();
            logAfter = await MessageLogCounts.ReadAsync([host], cancellationToken);
        }

        await simulation.StopAsync(TimeSpan.FromSeconds(10));
        result.Run("storm", report);
        result.Cpu("storm", cpu);
        var expected = size * profile.StormSessionsPerChargePoint;
        var transactionsPerSecond = report.ElapsedSeconds > 0 ? report.TransactionsCompleted / report.ElapsedSeconds : 0;
        result.Measure("Transactions completed / expected", report.TransactionsCompleted, $"of {expected:N0}");
        result.Measure("Transactions per second", transactionsPerSecond, "/s");
        result.Measure("Messages per second", report.MessagesPerSecond, "/s");
        result.Measure("Latency p50, all messages", report.Overall.P50Ms, "ms");
        result.Measure("Latency p99, all messages", report.Overall.P99Ms, "ms");
        foreach (var action in report.Actions)
        {
            result.Measure($"{action.Action} p50", action.Latency.P50Ms, "ms");
            result.Measure($"{action.Action} p99", action.Latency.P99Ms, "ms");
        }

        result.Measure("Errors (CALLERRORs, timeouts, refused tags)", report.TotalErrors, "");
        HostCost.Measure(result, "", cpu, report.Messages);
        logAfter.Report(result, "", logBefore);
        result.Target(
            "Messages per second (durable, PostgreSQL)",
            sharedTag ? TargetMessagesPerSecondSharedTag : TargetMessagesPerSecondOwnTags,
            report.MessagesPerSecond,
            "/s",
            higherIsBetter: true);
        result.Target("Latency p99, all messages", TargetP99Ms, report.Overall.P99Ms, "ms", higherIsBetter: false);
        context.Say($"{report.TransactionsCompleted:N0} transactions in {report.ElapsedSeconds:0.0} s: {transactionsPerSecond:N0} tx/s, {report.MessagesPerSecond:N0} msg/s, p99 {report.Overall.P99Ms:0.0} ms; {cpu}");

        context.Say("Checking the books through the REST API");
        var books = await TransactionBooks.CheckAsync(api, simulation.Metrics.CompletedTransactions, profile.StormDetailChecks, cancellationToken);
        result.Measure("Books: transactions acknowledged / stored", books.Acknowledged, $"/ {books.Stored:N0}");
        result.Measure("Books: transactions whose meter values were read back", books.DetailsChecked, $"({books.DetailMismatches} mismatched)");
        result.Measure("Books: problems", books.ProblemCount, "");
        result.Note(books.Balanced && completed && report.TransactionsCompleted == expected
            ? $"Correctness: all {expected:N0} transactions stored once, stopped, with meterStart, meterStop and energy as sent; {books.DetailsChecked} read back in full with every sampled value ({MeterValuesPerSession} x {ConnectorMeter.SampledValuesPerSample} + {(version == OcppVersion.V201 ? SimulatedChargingStation.StartedSampledValues + SimulatedChargingStation.EndedSampledValues : TransactionMessages.StopSampledValues)})."
            : $"Correctness: NOT balanced: {books.ProblemCount} problem(s), {report.TransactionsCompleted:N0} of {expected:N0} completed. {string.Join(" | ", books.Problems)}");
        result.Note($"The host's connection string sets Maximum Pool Size={BenchmarkContext.HostPoolSize}: with Npgsql's default of 100 the host alone exhausts a default PostgreSQL (max_connections 100) under this load and answers InternalError.");
        result.Note($"Messages per session: {MessagesPerSession}; each charge point has one call outstanding at a time, so throughput is {size:N0} / latency.");
        context.Say(books.Balanced ? "Books balance" : $"Books do NOT balance: {books.ProblemCount} problem(s)");
    }

    /// <summary>
    /// Runs a few sessions on charge points of their own first, so that the measured window sees a host that has been
    /// serving transactions (code compiled to its final tier, pools and caches filled), as a running server is.
    /// </summary>
    private static async Task WarmUpAsync(BenchmarkContext context, CsmsHostProcess host, List<string> tags, OcppVersion version, CancellationToken cancellationToken)
    {
        var quick = context.Profile.Quick;
        var settings = new SimulationSettings
        {
            Endpoint = host.OcppEndpoint,
            OcppVersion = version,
            IdPrefix = "STORM-WARMUP",
            ChargePoints = Math.Min(quick ? 20 : 250, tags.Count == 1 ? int.MaxValue : tags.Count),
            Connectors = 1,
            IdTags = tags,
            SessionsPerChargePoint = quick ? 2 : 10,
            SessionLength = TimeSpan.FromMinutes(MeterValuesPerSession),
            MeterInterval = TimeSpan.FromMinutes(1),
            ThinkTime = TimeSpan.Zero,
            Speed = 0,
            SessionStatusNotifications = false,
            HeartbeatInterval = TimeSpan.Zero,
            KeepTransactions = false,
            RampUpPerSecond = 1_000,
            Seed = 7,
        };
        context.Say($"Warming up: {settings.ChargePoints:N0} other charge points x {settings.SessionsPerChargePoint} sessions, not measured");
        await using var warmUp = new Simulation(settings);
        warmUp.Start();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(context.Profile.StormTimeout);
        await warmUp.WhenSessionsDoneAsync(timeout.Token);
        await warmUp.StopAsync(TimeSpan.FromSeconds(10));
    }
}
