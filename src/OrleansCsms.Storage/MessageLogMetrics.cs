using System.Diagnostics.Metrics;

namespace OrleansCsms.Storage;

/// <summary>
/// How the message log keeps up, on the host's "OrleansCsms" meter (the one the front-end's OCPP instruments use):
/// entries written, entries dropped because the database fell behind or refused them, and entries waiting. Read
/// when scraped, from the log's own counts.
/// </summary>
internal sealed class MessageLogMetrics
{
    public const string MeterName = "OrleansCsms";

    public MessageLogMetrics(IMeterFactory meters, IStorageEngine engine)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(engine);
        var meter = meters.Create(MeterName);
        var log = engine.MessageLog;
        meter.CreateObservableCounter("csms_message_log_written", () => log.WrittenCount, "{entry}", "OCPP message log entries written to the database.");
        meter.CreateObservableCounter(
            "csms_message_log_dropped", () => log.DroppedCount, "{entry}", "OCPP message log entries lost: the queue was full, the log was stopped, or the database refused them.");
        meter.CreateObservableGauge("csms_message_log_queued", () => log.QueuedCount, "{entry}", "OCPP message log entries waiting to be written.");
    }
}
