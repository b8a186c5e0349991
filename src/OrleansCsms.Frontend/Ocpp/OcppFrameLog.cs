using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansCsms.Grains;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>
/// Feeds every frame sent and received into the OCPP message log, without waiting for it to be written. A frame
/// is kept as its UTF-8 bytes, decoded only when its action may carry a secret (<see cref="OcppSecretRedaction"/>); one
/// the log leaves out costs a set lookup and nothing more.
/// </summary>
internal sealed class OcppFrameLog(IOcppMessageLog log, TimeProvider time)
{
    /// <summary>
    /// Logs a received frame. <paramref name="action"/> is the CALL's own, or for an answer the action of the call it
    /// answers, so a left-out action's answers are left out too. The frame is copied: its buffer goes back to a pool.
    /// </summary>
    public void Received(string chargePointId, ReadOnlySpan<byte> frame, OcppMessage? message, string? action)
    {
        if (log.IsLogged(action))
        {
            Append(chargePointId, "in", OcppSecretRedaction.Redact(action, frame) ?? frame.ToArray(), message, action);
        }
    }

    /// <summary>Logs a sent frame; the log keeps <paramref name="frame"/> itself, so the caller must not change it afterwards.</summary>
    public void Sent(string chargePointId, byte[] frame, OcppMessage message, string? action)
    {
        if (log.IsLogged(action))
        {
            Append(chargePointId, "out", OcppSecretRedaction.Redact(action, frame) ?? frame, message, action);
        }
    }

    /// <summary>Notes, beside the frame as received, which of its values were replaced with U+FFFD before it was handled.</summary>
    public void Replaced(string chargePointId, OcppMessage message, string? action, IReadOnlyList<string> fields)
    {
        if (!log.IsLogged(action))
        {
            return;
        }

        log.Append(new OcppMessageLogEntry(
            time.GetUtcNow(),
            chargePointId,
            "note",
            (int)message.MessageType,
            message.MessageId,
            action,
            JsonSerializer.SerializeToUtf8Bytes(new JsonObject
            {
                ["note"] = "Text no store can hold (U+0000, unpaired surrogates) was replaced with U+FFFD before the message was handled.",
                ["replaced"] = new JsonArray([.. fields.Select(field => JsonValue.Create(field))]),
            })));
    }

    private void Append(string chargePointId, string direction, byte[] frame, OcppMessage? message, string? action) =>
        log.Append(new OcppMessageLogEntry(
            time.GetUtcNow(),
            chargePointId,
            direction,
            (int?)message?.MessageType ?? 0,
            message?.MessageId ?? "-1",
            action,
            frame));
}
