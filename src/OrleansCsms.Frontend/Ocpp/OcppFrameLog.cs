using System.Text;
using OrleansCsms.Grains;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>Feeds every frame sent and received into the OCPP message log, without waiting for it to be written.</summary>
internal sealed class OcppFrameLog(IOcppMessageLog log, TimeProvider time)
{
    public void Received(string chargePointId, ReadOnlySpan<byte> frame, OcppMessage? message) =>
        Append(chargePointId, "in", frame, message, (message as OcppCall)?.Action);

    public void Sent(string chargePointId, ReadOnlySpan<byte> frame, OcppMessage message, string? action) =>
        Append(chargePointId, "out", frame, message, action);

    private void Append(string chargePointId, string direction, ReadOnlySpan<byte> frame, OcppMessage? message, string? action) =>
        log.Append(new OcppMessageLogEntry(
            time.GetUtcNow(),
            chargePointId,
            direction,
            (int?)message?.MessageType ?? 0,
            message?.MessageId ?? "-1",
            action,
            Encoding.UTF8.GetString(frame)));
}
