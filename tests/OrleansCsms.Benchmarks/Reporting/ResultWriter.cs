using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansCsms.Benchmarks;

/// <summary>Writes each scenario's result as JSON and as a short markdown table, and a summary of the whole run.</summary>
public sealed class ResultWriter(string directory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string Directory { get; } = directory;

    public async Task WriteAsync(ScenarioResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        System.IO.Directory.CreateDirectory(Directory);
        await File.WriteAllTextAsync(Path.Combine(Directory, $"{result.Name}.json"), JsonSerializer.Serialize(result, Json), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(Directory, $"{result.Name}.md"), Markdown(result, withMachine: true), cancellationToken);
    }

    public async Task WriteSummaryAsync(IReadOnlyList<ScenarioResult> results, MachineInfo machine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder()
            .AppendLine("# Benchmark results")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine}")
            .AppendLine();
        foreach (var result in results)
        {
            text.AppendLine(Markdown(result, withMachine: false));
        }

        System.IO.Directory.CreateDirectory(Directory);
        await File.WriteAllTextAsync(Path.Combine(Directory, "summary.md"), text.ToString(), cancellationToken);
    }

    public static string Markdown(ScenarioResult result, bool withMachine)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder()
            .AppendLine(c, $"## {result.Title}{(result.Quick ? " (quick)" : "")}")
            .AppendLine()
            .AppendLine(result.Description)
            .AppendLine();
        if (withMachine)
        {
            text.AppendLine(c, $"Machine: {result.Machine}").AppendLine();
        }

        text.AppendLine(c, $"Host: {result.Host}. Ran {result.DurationSeconds:0} s from {result.StartedAt:yyyy-MM-dd HH:mm:ss} UTC.").AppendLine();
        if (result.Failure is { } failure)
        {
            text.AppendLine(c, $"**Did not complete:** {failure}").AppendLine();
        }

        if (result.Targets.Count > 0)
        {
            text.AppendLine("| Target | Goal | Measured | Verdict |").AppendLine("|---|---|---|---|");
            foreach (var target in result.Targets)
            {
                text.AppendLine(c, $"| {target.Metric} | {target.Goal} | {TargetCheck.Format(target.Measured)} {target.Unit} | {target.Verdict} |");
            }

            text.AppendLine();
        }

        text.AppendLine("| Measurement | Value |").AppendLine("|---|---|");
        foreach (var measurement in result.Measurements)
        {
            text.AppendLine(c, $"| {measurement.Name} | {TargetCheck.Format(measurement.Value)} {measurement.Unit} |");
        }

        foreach (var (phase, cpu) in result.Cpu)
        {
            text.AppendLine(c, $"| CPU, {phase} | {cpu} |");
        }

        text.AppendLine();
        foreach (var note in result.Notes)
        {
            text.AppendLine(c, $"- {note}");
        }

        return text.ToString();
    }
}
