using System.Text.Json;

namespace OrleansCsms.Grains;

/// <summary>The one JSON shape of an event, as the stream's <c>data</c> and as a webhook's body.</summary>
public static class EventJson
{
    /// <summary>
    /// <c>{"id", "type", "chargePointId", "sequence", "time", "data"}</c> as compact UTF-8 JSON on one line: the event's
    /// position, type, charge point, number among that charge point's events, when it was recorded, and its body.
    /// </summary>
    public static byte[] Envelope(StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("id", stored.Position);
            json.WriteString("type", stored.Type);
            json.WriteString("chargePointId", stored.ChargePointId);
            json.WriteNumber("sequence", stored.Sequence);
            json.WriteString("time", stored.Time);
            json.WritePropertyName("data");

            // Bodies are compact JSON (System.Text.Json's, or jsonb's text form), which holds no line break to split a stream frame.
            json.WriteRawValue(stored.Body);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
