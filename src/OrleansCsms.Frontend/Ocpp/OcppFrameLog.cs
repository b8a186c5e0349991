using System.Text;
using System.Text.Json.Nodes;
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

    /// <summary>Notes, beside the frame as received, which of its values were replaced with U+FFFD before it was handled.</summary>
    public void Replaced(string chargePointId, OcppMessage message, string? action, IReadOnlyList<string> fields) =>
        log.Append(new OcppMessageLogEntry(
            time.GetUtcNow(),
            chargePointId,
            "note",
            (int)message.MessageType,
            message.MessageId,
            action,
            new JsonObject
            {
                ["note"] = "Text no store can hold (U+0000, unpaired surrogates) was replaced with U+FFFD before the message was handled.",
                ["replaced"] = new JsonArray([.. fields.Select(field => JsonValue.Create(field))]),
            }.ToJsonString()));

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
