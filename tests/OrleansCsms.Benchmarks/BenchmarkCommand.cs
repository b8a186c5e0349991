using System.CommandLine;
using System.Globalization;
using System.Reflection;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Benchmarks;

/// <summary>The benchmark suite's command line: which scenarios, how big, and where results go.</summary>
public static class BenchmarkCommand
{
    private static readonly IBenchmarkScenario[] Scenarios =
    [
        new ConnectionCapacityScenario(),
        new SteadyStateScenario(),
        new TransactionStormScenario(sharedTag: false),
        new TransactionStormScenario(sharedTag: true),
        new TransactionStormScenario(sharedTag: false, OcppVersion.V201),
        new RemoteStartScenario(),
        new ClusterScenario(),
    ];

    /// <summary>Leaves time to stop hosts and drop databases after Ctrl+C.</summary>
    public static InvocationConfiguration Invocation { get; } = new() { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };

    public static RootCommand Create()
    {
        var scenario = new Option<string>("--scenario")
        {
            Description = "Which scenario to run: all, " + string.Join(", ", Scenarios.Select(s => s.Name)) + ".",
            DefaultValueFactory = _ => "all",
        };
        scenario.AcceptOnlyFromAmong([.. Scenarios.Select(s => s.Name).Prepend("all")]);
        var quick = new Option<bool>("--quick") { Description = "Small sizes and short phases: the whole suite in about two minutes." };
        var connections = new Option<int?>("--connections") { Description = "Connection target of the capacity scenario (default 10,000; 1,000 with --quick)." };
        var output = new Option<DirectoryInfo?>("--output") { Description = "Results directory (default benchmarks/results/<timestamp> in the repository)." };
        var postgres = new Option<string>("--postgres")
        {
            Description = "PostgreSQL server for the storm scenario; the role needs CREATEDB (a database is created and dropped).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CSMS_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=csms;Password=csms;Database=postgres",
        };

        var command = new RootCommand("Benchmarks the embedded CSMS host with the charge point simulator; writes JSON and markdown results.")
        {
            scenario, quick, connections, output, postgres,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var profile = new BenchmarkProfile(parse.GetValue(quick));
            if (parse.GetValue(connections) is { } target)
            {
                profile = profile with { CapacityTarget = target };
            }

            var directory = parse.GetValue(output)?.FullName
                ?? Path.Combine(RepositoryRoot(), "benchmarks", "results", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
            var name = parse.GetValue(scenario)!;
            var selected = Scenarios.Where(s => name == "all" || s.Name == name).ToList();
            return await RunAsync(selected, profile, directory, parse.GetValue(postgres)!, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(IReadOnlyList<IBenchmarkScenario> scenarios, BenchmarkProfile profile, string directory, string postgres, CancellationToken cancellationToken)
    {
        var machine = MachineInfo.Describe();
        var writer = new ResultWriter(directory);
        var context = new BenchmarkContext(profile, writer, machine, postgres, Console.Out);
        context.Say($"Machine: {machine}");
        context.Say($"Profile: {(profile.Quick ? "quick" : "full")}; results in {directory}");
        var results = new List<ScenarioResult>();
        foreach (var scenario in scenarios)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            context.Say($"=== {scenario.Name} ===");
            var result = await scenario.RunAsync(context, cancellationToken);
            results.Add(result);
            await writer.WriteAsync(result, CancellationToken.None);
            await context.Output.WriteLineAsync(ResultWriter.Markdown(result, withMachine: false));
        }

        await writer.WriteSummaryAsync(results, machine, CancellationToken.None);
        context.Say($"Done: {results.Count} scenario(s); summary in {Path.Combine(directory, "summary.md")}");
        return results.Any(r => r.Failure is not null) ? 1 : 0;
    }

    private static string RepositoryRoot() =>
        typeof(BenchmarkCommand).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value
            is { } root && Directory.Exists(root)
            ? root
            : Directory.GetCurrentDirectory();
}
