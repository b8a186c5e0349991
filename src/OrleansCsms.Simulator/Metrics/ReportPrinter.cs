using System.Globalization;

namespace OrleansCsms.Simulator;

/// <summary>Prints a <see cref="SimulationReport"/> as plain-text tables.</summary>
public static class ReportPrinter
{
    public static void Print(TextWriter output, SimulationReport report)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(c, $"Run of {report.ElapsedSeconds:0.0} s with {report.ChargePoints:N0} charge points"));
        output.WriteLine(string.Create(c, $"  connected before stopping {report.Connected:N0} (peak {report.PeakConnected:N0}, booted {report.Accepted:N0}); connect attempts {report.ConnectAttempts:N0}, failed {report.ConnectFailures:N0}; disconnects {report.Disconnects:N0}"));
        output.WriteLine(string.Create(c, $"  messages {report.Messages:N0} ({report.MessagesPerSecond:N0}/s); transactions completed {report.TransactionsCompleted:N0}; still queued {report.QueuedTransactionMessages:N0}"));
        output.WriteLine();
        output.WriteLine(string.Create(c, $"  {"Action",-30} {"Sent",10} {"OK",10} {"Failed",8} {"/s",9} {"p50 ms",9} {"p90 ms",9} {"p99 ms",9} {"max ms",9}"));
        foreach (var action in report.Actions)
        {
            WriteRow(output, action.Action, action.Sent, action.Answered, action.Failed, action.PerSecond, action.Latency);
        }

        WriteRow(output, "(all)", report.Messages, report.Actions.Sum(a => a.Answered), report.Actions.Sum(a => a.Failed), report.MessagesPerSecond, report.Overall);
        output.WriteLine();
        if (report.Errors.Count == 0)
        {
            output.WriteLine("  errors: none");
        }
        else
        {
            output.WriteLine(string.Create(c, $"  errors ({report.TotalErrors:N0}):"));
            foreach (var (label, count) in report.Errors)
            {
                output.WriteLine(string.Create(c, $"    {count,10:N0}  {label}"));
            }
        }

        if (report.ServerCalls.Count > 0)
        {
            output.WriteLine("  calls from the central system: " + string.Join(", ", report.ServerCalls.Select(s => string.Create(c, $"{s.Key} {s.Value:N0}"))));
        }
    }

    private static void WriteRow(TextWriter output, string action, long sent, long answered, long failed, double perSecond, LatencyReport latency) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {action,-30} {sent,10:N0} {answered,10:N0} {failed,8:N0} {perSecond,9:N0} {latency.P50Ms,9:0.00} {latency.P90Ms,9:0.00} {latency.P99Ms,9:0.00} {latency.MaxMs,9:0.00}"));
}
