using System.Globalization;
using System.Text.Json;

namespace OrleansCsms.Simulator;

/// <summary>The simulator's default mode: a fleet of charge points with a live status line and a summary at the end.</summary>
public static class FleetRun
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(SimulationSettings settings, Uri? createIdTagsAt, string? apiKey, FileInfo? reportFile, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        if (createIdTagsAt is not null)
        {
            using var http = IdTagProvisioner.ApiClient(apiKey);
            await IdTagProvisioner.CreateAsync(http, createIdTagsAt, settings.IdTags, cancellationToken);
            output.WriteLine($"Created {settings.IdTags.Count} id tag(s) at {createIdTagsAt}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Simulating {settings.ChargePoints:N0} charge points x {settings.Connectors} connectors against {settings.Endpoint} ({settings.IdentityOf(settings.FirstNumber)} ...), ramp-up {settings.RampUpPerSecond}/s. Ctrl+C stops."));
        await using var simulation = new Simulation(settings);
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progress = new ProgressPrinter(output, simulation.Metrics, () => simulation.ChargePoints.Count).RunAsync(progressStop.Token);
        simulation.Start();
        try
        {
            var deadline = Task.Delay(settings.Duration ?? Timeout.InfiniteTimeSpan, cancellationToken);
            var sessionsDone = settings.SessionsPerChargePoint > 0 && settings.AutoSessions
                ? simulation.WhenSessionsDoneAsync(cancellationToken)
                : Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            await Task.WhenAny(deadline, sessionsDone);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop as cleanly as for the end of the run.
        }

        output.WriteLine("Stopping: sessions end, queued transaction messages are delivered, connections close...");
        var (connected, booted) = (simulation.Metrics.Connected, simulation.Metrics.Accepted);
        await simulation.StopAsync(DrainTimeout);
        await progressStop.CancelAsync();
        await progress;
        var report = SimulationReport.From(simulation.Metrics, simulation.ChargePoints.Count) with { Connected = connected, Accepted = booted };
        ReportPrinter.Print(output, report);
        if (reportFile is not null)
        {
            await File.WriteAllTextAsync(reportFile.FullName, JsonSerializer.Serialize(report, ReportJson), CancellationToken.None);
        }

        return report.PeakConnected == 0 ? 2 : 0;
    }
}
